using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.FeatureStore.Warehouse;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>Entity rows checked and split into what the join sends: each row's timestamp (UTC) and its join keys as text.</summary>
public sealed class EntityFrame
{
    private EntityFrame(List<JsonObject> rows, DateTime[] timestamps, Dictionary<string, string[]> keys)
    {
        Rows = rows;
        Timestamps = timestamps;
        Keys = keys;
    }

    public List<JsonObject> Rows { get; }

    public DateTime[] Timestamps { get; }

    /// <summary>Each join key's values by row, as text (the join casts them to the column's type).</summary>
    public Dictionary<string, string[]> Keys { get; }

    /// <summary>
    /// Checks the rows; throws <see cref="WarehouseInputException"/> naming the first bad field (<paramref name="source"/>[n], n counted
    /// from <paramref name="firstRow"/>, the batch's place in the whole table).
    /// </summary>
    public static EntityFrame From(IReadOnlyList<JsonObject?> rows, string source, int firstRow, string timestampColumn, IReadOnlyList<string> joinKeys)
    {
        var list = new List<JsonObject>(rows.Count);
        var timestamps = new DateTime[rows.Count];
        var keys = joinKeys.ToDictionary(k => k, _ => new string[rows.Count], StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var n = firstRow + i;
            var row = rows[i] ?? throw new WarehouseInputException($"{source}[{n}]", "An entity row is an object, not null.");
            timestamps[i] = Timestamp(row, $"{source}[{n}].{timestampColumn}", timestampColumn);
            foreach (var key in joinKeys)
            {
                keys[key][i] = Key(row[key], $"{source}[{n}].{key}");
            }
            list.Add(row);
        }
        return new EntityFrame(list, timestamps, keys);
    }

    private static DateTime Timestamp(JsonObject row, string field, string column)
    {
        if (row[column] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw new WarehouseInputException(field, $"Every entity row needs an event timestamp in '{column}' (ISO 8601 text).");
        }
        return DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.UtcDateTime
            : throw new WarehouseInputException(field, $"'{value.GetValue<string>()}' is not an ISO 8601 timestamp.");
    }

    private static string Key(JsonNode? node, string field) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => throw new WarehouseInputException(field, "Every entity row needs each join key, as a string or an integer."),
    };
}
