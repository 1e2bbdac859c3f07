using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Where a page's items are: the data_selector's matches, or dlt's find_records when there is none.</summary>
internal static class RecordFinder
{
    private static readonly HashSet<string> RecordKeys =
        ["data", "items", "results", "entries", "records", "rows", "entities", "payload", "content", "objects"];

    public static List<JsonElement> Items(JsonElement body, JsonPath? selector)
    {
        if (selector is null)
        {
            return Unwrap(Find(body));
        }
        var matches = selector.Select(body);
        // dlt: a single matched list is the page's items.
        return matches is [{ ValueKind: JsonValueKind.Array } list] ? [.. list.EnumerateArray()] : matches;
    }

    private static List<JsonElement> Unwrap(JsonElement found) => found.ValueKind switch
    {
        JsonValueKind.Array => [.. found.EnumerateArray()],
        JsonValueKind.Null => [],
        _ => [found],
    };

    /// <summary>dlt's find_records: the first list under a record-like key (two levels deep at most), else the first list, else the body.</summary>
    private static JsonElement Find(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return body;
        }
        var lists = new List<(string Key, JsonElement List)>();
        Collect(body, lists, 0);
        if (lists.Count == 0)
        {
            return body;
        }
        return lists.FirstOrDefault(l => RecordKeys.Contains(l.Key)) is { List.ValueKind: JsonValueKind.Array } hit ? hit.List : lists[0].List;
    }

    private static void Collect(JsonElement node, List<(string, JsonElement)> lists, int level)
    {
        if (level > 2)
        {
            return;
        }
        foreach (var property in node.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                lists.Add((property.Name, property.Value));
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Collect(property.Value, lists, level + 1);
            }
        }
    }
}
