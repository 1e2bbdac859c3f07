using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Typed reads of a dlt config node that fail with <see cref="SourceConfigException"/> naming the JSON path.</summary>
internal static class ConfigReader
{
    public static JsonObject Object(JsonNode? node, string path) =>
        node as JsonObject ?? throw new SourceConfigException(path, $"must be an object, not {Kind(node)}.");

    public static string? String(JsonObject o, string key, string path)
    {
        if (!o.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }
        return node is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new SourceConfigException(ConfigJson.Join(path, key), $"must be a string, not {Kind(node)}.");
    }

    public static string RequiredString(JsonObject o, string key, string path) =>
        String(o, key, path) is { Length: > 0 } s ? s : throw new SourceConfigException(ConfigJson.Join(path, key), "is required.");

    public static long? Integer(JsonObject o, string key, string path, long min = long.MinValue)
    {
        if (!o.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }
        if (node.GetValueKind() != JsonValueKind.Number
            || !long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw new SourceConfigException(ConfigJson.Join(path, key), $"must be an integer, not {Kind(node)}.");
        }
        return n >= min ? n : throw new SourceConfigException(ConfigJson.Join(path, key), $"must be at least {min}.");
    }

    public static bool? Bool(JsonObject o, string key, string path)
    {
        if (!o.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new SourceConfigException(ConfigJson.Join(path, key), $"must be true or false, not {Kind(node)}."),
        };
    }

    /// <summary>Refuses keys outside <paramref name="allowed"/>; Python-only keys get a message saying why.</summary>
    public static void OnlyKeys(JsonObject o, string path, IReadOnlyCollection<string> allowed)
    {
        foreach (var (key, _) in o)
        {
            if (PythonOnly.TryGetValue(key, out var why))
            {
                throw new SourceConfigException(ConfigJson.Join(path, key), $"{why}; it is Python-only in dlt and cannot run here.");
            }
            if (!allowed.Contains(key))
            {
                throw new SourceConfigException(ConfigJson.Join(path, key), $"is not a known field here (expected: {string.Join(", ", allowed)}).");
            }
        }
    }

    public static string Kind(JsonNode? node) => node is null ? "null" : node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static readonly Dictionary<string, string> PythonOnly = new()
    {
        ["processing_steps"] = "processing steps are Python callables (filter, map)",
        ["convert"] = "convert is a Python callable",
        ["transform"] = "transform is a Python callable",
        ["session"] = "a session is a Python object",
        ["hooks"] = "hooks are Python callables",
        ["last_value_func"] = "last_value_func is a Python callable",
        ["paginator_factory"] = "a paginator factory is a Python object",
    };
}
