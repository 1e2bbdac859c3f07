using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// dlt's json_links_detector: the first key (depth first) whose name contains next, nextpage or nexturl; inside an object,
/// its href or url. Only taken when it holds a URL (absolute or a path) or null, so a `next_cursor` token is not followed.
/// </summary>
internal static class NextUrlFinder
{
    private static readonly string[] NextKeys = ["next", "nextpage", "nexturl"];
    private static readonly string[] UrlKeys = ["href", "url"];

    // Built from the names, not parsed: a body's key may hold ']' or quotes.
    public static JsonPath? Find(JsonElement body) => Find(body, []) is { } parts ? JsonPath.Members(parts) : null;

    private static List<string>? Find(JsonElement node, List<string> path)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in node.EnumerateObject())
        {
            if (Matches(property.Name, NextKeys))
            {
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var inner in property.Value.EnumerateObject())
                    {
                        if (Matches(inner.Name, UrlKeys))
                        {
                            return IsLink(inner.Value) ? [.. path, property.Name, inner.Name] : null;
                        }
                    }
                }
                return IsLink(property.Value) ? [.. path, property.Name] : null;
            }
            if (property.Value.ValueKind == JsonValueKind.Object && Find(property.Value, [.. path, property.Name]) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static bool Matches(string key, string[] patterns) => patterns.Any(p => key.Contains(p, StringComparison.OrdinalIgnoreCase));

    private static bool IsLink(JsonElement value) => value.ValueKind == JsonValueKind.Null
        || (value.ValueKind == JsonValueKind.String && value.GetString() is { } s
            && (s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || s.StartsWith('/') || s.StartsWith('?')));
}
