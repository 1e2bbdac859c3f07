using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Python str.format placeholders as dlt uses them: `{name}`, `{resources.issues.number}`, `{{` and `}}` escapes.</summary>
internal static class RestPlaceholders
{
    public static List<string> Find(string text)
    {
        var names = new List<string>();
        Expand(text, name =>
        {
            names.Add(name);
            return "";
        });
        return names;
    }

    /// <summary>Every placeholder in the strings (keys and values) of <paramref name="node"/>.</summary>
    public static List<string> Find(JsonNode? node) => node switch
    {
        JsonObject o => [.. o.SelectMany(p => Find(p.Key).Concat(Find(p.Value)))],
        JsonArray a => [.. a.SelectMany(Find)],
        JsonValue v when v.TryGetValue<string>(out var s) => Find(s),
        _ => [],
    };

    public static string Expand(string text, Func<string, string> value)
    {
        if (!text.Contains('{') && !text.Contains('}'))
        {
            return text;
        }
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                result.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', i);
                if (end < 0)
                {
                    throw new FormatException($"'{text}' has an unclosed '{{'.");
                }
                result.Append(value(text[(i + 1)..end]));
                i = end;
            }
            else if (c == '}')
            {
                throw new FormatException($"'{text}' has a single '}}' (write '}}}}' for a literal one).");
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }

    /// <summary>A copy of <paramref name="node"/> with every string (keys too) expanded.</summary>
    public static JsonNode? Expand(JsonNode? node, Func<string, string> value) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(Expand(p.Key, value), Expand(p.Value, value)))),
        JsonArray a => new JsonArray([.. a.Select(n => Expand(n, value))]),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Expand(s, value)),
        _ => node?.DeepClone(),
    };
}
