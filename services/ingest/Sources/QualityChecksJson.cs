using System.Text.Json;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Sources;

/// <summary>
/// A resource's `quality` list (ingest's addition to dlt's hints): {"type": "not_null" | "unique" | "accepted_values" |
/// "row_count" | "freshness", "column", "values", "min", "max", "max_age" ("1.00:00:00" or seconds), "blocking"}.
/// </summary>
public static class QualityChecksJson
{
    private static readonly string[] Types = ["not_null", "unique", "accepted_values", "row_count", "freshness"];

    public static IReadOnlyList<QualityCheck> Parse(JsonElement? quality, string path)
    {
        if (quality is not { } list)
        {
            return [];
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new SourceConfigException(path, "must be a list of checks.");
        }
        return [.. list.EnumerateArray().Select((check, i) => ParseCheck(check, $"{path}[{i}]"))];
    }

    private static QualityCheck ParseCheck(JsonElement check, string path)
    {
        ConfigJson.RequireObject(check, path);
        var type = ConfigJson.RequiredString(check, "type", path);
        if (!Types.Contains(type))
        {
            throw new SourceConfigException($"{path}.type", $"'{type}' is not a quality check ({string.Join(", ", Types)}).");
        }
        var column = ConfigJson.OptionalString(check, "column", path);
        if (column is null && type is not "row_count")
        {
            throw new SourceConfigException($"{path}.column", $"a {type} check names its column.");
        }
        var values = ConfigJson.Optional(check, "values") is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList()
            : [];
        if (type == "accepted_values" && values.Count == 0)
        {
            throw new SourceConfigException($"{path}.values", "an accepted_values check lists the values.");
        }
        var maxAge = MaxAge(check, path);
        if (type == "freshness" && maxAge is null)
        {
            throw new SourceConfigException($"{path}.max_age", "a freshness check gives max_age (\"1.00:00:00\" or seconds).");
        }
        return new QualityCheck
        {
            Type = type, Column = column, Values = values, MaxAge = maxAge,
            Min = ConfigJson.OptionalInt(check, "min", path, 0, int.MaxValue), Max = ConfigJson.OptionalInt(check, "max", path, 0, int.MaxValue),
            Blocking = ConfigJson.OptionalBool(check, "blocking", path) ?? false,
        };
    }

    private static TimeSpan? MaxAge(JsonElement check, string path) => ConfigJson.Optional(check, "max_age") switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } seconds when seconds.TryGetInt32(out var s) && s > 0 => TimeSpan.FromSeconds(s),
        { ValueKind: JsonValueKind.String } text when TimeSpan.TryParse(text.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var age)
            && age > TimeSpan.Zero => age,
        _ => throw new SourceConfigException($"{path}.max_age", "must be a duration (\"1.00:00:00\") or a number of seconds."),
    };
}
