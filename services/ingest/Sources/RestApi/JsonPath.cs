using System.Globalization;
using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// The JSONPath subset dlt configs use (jsonpath-ng): <c>$</c>, <c>a.b</c>, <c>$.a[*]</c>, <c>a[0].id</c>,
/// <c>$['a.b']</c>, <c>a.*</c>. <see cref="Select"/> returns every match, as jsonpath-ng's find does.
/// </summary>
public sealed class JsonPath
{
    private readonly object[] _steps; // string: a member; int: an index; Wildcard: every child

    private static readonly object Wildcard = new();

    private JsonPath(string text, object[] steps) => (Text, _steps) = (text, steps);

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static JsonPath Parse(string text)
    {
        var steps = new List<object>();
        var s = text.Trim();
        var i = s.StartsWith('$') ? 1 : 0;
        var expectMember = i == 0;
        while (i < s.Length)
        {
            if (s[i] == '.')
            {
                i++;
                expectMember = true;
                continue;
            }
            if (s[i] == '[')
            {
                // A quoted name may hold ']' itself: it ends at its closing quote and ']'.
                var quote = i + 1 < s.Length && s[i + 1] is '\'' or '"' ? s[i + 1] : '\0';
                var close = quote == '\0' ? s.IndexOf(']', i) : s.IndexOf($"{quote}]", i + 2, StringComparison.Ordinal);
                var end = quote == '\0' || close < 0 ? close : close + 1;
                if (end < 0)
                {
                    throw new FormatException($"'{text}' has an unclosed '['.");
                }
                var inner = s[(i + 1)..end].Trim();
                steps.Add(inner switch
                {
                    "*" => Wildcard,
                    _ when inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0] => inner[1..^1],
                    _ when int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index) => index,
                    _ => throw new FormatException($"'{text}' has an unsupported selector [{inner}]."),
                });
                i = end + 1;
                expectMember = false;
                continue;
            }
            if (!expectMember)
            {
                throw new FormatException($"'{text}' needs a '.' before '{s[i..]}'.");
            }
            var stop = s.IndexOfAny(['.', '['], i);
            var name = stop < 0 ? s[i..] : s[i..stop];
            steps.Add(name == "*" ? Wildcard : name);
            i += name.Length;
            expectMember = false;
        }
        if (expectMember && i > 0 && s.Length > 1)
        {
            throw new FormatException($"'{text}' ends with '.'.");
        }
        return new JsonPath(text, [.. steps]);
    }

    /// <summary>The path of exactly these member names, whatever characters they hold (no parsing, so no FormatException).</summary>
    public static JsonPath Members(IReadOnlyList<string> names) =>
        new("$" + string.Concat(names.Select(n => $"['{n}']")), [.. names]);

    public List<JsonElement> Select(JsonElement root)
    {
        var current = new List<JsonElement> { root };
        foreach (var step in _steps)
        {
            var next = new List<JsonElement>();
            foreach (var node in current)
            {
                if (step == Wildcard)
                {
                    next.AddRange(node.ValueKind switch
                    {
                        JsonValueKind.Array => node.EnumerateArray(),
                        JsonValueKind.Object => node.EnumerateObject().Select(p => p.Value),
                        _ => [],
                    });
                }
                else if (step is string member && node.ValueKind == JsonValueKind.Object && node.TryGetProperty(member, out var value))
                {
                    next.Add(value);
                }
                else if (step is int index && node.ValueKind == JsonValueKind.Array && index < node.GetArrayLength())
                {
                    next.Add(node[index]);
                }
            }
            current = next;
        }
        return current;
    }

    /// <summary>The first match, or null when nothing matches.</summary>
    public JsonElement? First(JsonElement root) => Select(root) is [var first, ..] ? first : null;

    public override string ToString() => Text;
}
