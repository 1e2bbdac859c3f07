using System.Globalization;
using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>JSON values as text in URLs, the way dlt (Python's str and requests) writes them.</summary>
internal static class RestValues
{
    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.Null or JsonValueKind.Undefined => "None",
        JsonValueKind.Number => value.GetRawText(),
        _ => value.GetRawText(),
    };

    /// <summary>The query values of a param: none for null, one per element for an array.</summary>
    public static IEnumerable<string> QueryValues(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => [],
        JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null).Select(Text),
        _ => [Text(value)],
    };

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
