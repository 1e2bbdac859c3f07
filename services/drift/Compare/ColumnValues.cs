using System.Text.Json;

namespace MlOps.Drift.Compare;

/// <summary>Reads one side of a column from JSON: numbers (non-finite markers dropped and counted) or labels.</summary>
internal static class ColumnValues
{
    private static readonly HashSet<string> NonFiniteMarkers = new(StringComparer.OrdinalIgnoreCase) { "nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity" };

    /// <summary>Numeric unless a value is a non-numeric string or a boolean.</summary>
    public static bool LooksNumeric(JsonElement values) =>
        values.EnumerateArray().All(v => v.ValueKind is JsonValueKind.Number or JsonValueKind.Null || (v.ValueKind == JsonValueKind.String && NonFiniteMarkers.Contains(v.GetString()!)));

    public static (double[] Values, int Dropped) Numbers(string column, string side, JsonElement values)
    {
        var result = new List<double>(values.GetArrayLength());
        var dropped = 0;
        var index = 0;
        foreach (var value in values.EnumerateArray())
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number):
                    result.Add(number);
                    break;
                case JsonValueKind.Number or JsonValueKind.Null:
                    dropped++;
                    break;
                case JsonValueKind.String when NonFiniteMarkers.Contains(value.GetString()!):
                    dropped++;
                    break;
                default:
                    throw new DriftInputException(StatusCodes.Status400BadRequest,
                        $"Column '{column}' is numeric but {side}[{index}] is {Describe(value)}; send numbers (null or \"NaN\" for missing).", side);
            }
            index++;
        }
        return ([.. result], dropped);
    }

    public static (string[] Values, int Dropped) Labels(string column, string side, JsonElement values)
    {
        var result = new List<string>(values.GetArrayLength());
        var dropped = 0;
        var index = 0;
        foreach (var value in values.EnumerateArray())
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    result.Add(value.GetString()!);
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    result.Add(value.GetRawText());
                    break;
                case JsonValueKind.Null:
                    dropped++;
                    break;
                default:
                    throw new DriftInputException(StatusCodes.Status400BadRequest,
                        $"Column '{column}' {side}[{index}] is {Describe(value)}; categories are strings, numbers or booleans.", side);
            }
            index++;
        }
        return ([.. result], dropped);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
