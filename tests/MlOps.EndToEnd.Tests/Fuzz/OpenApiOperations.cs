using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.EndToEnd.Tests.Fuzz;

/// <summary>Reads the write operations (POST, PUT, PATCH) of an OpenAPI 3 document and the shape of their request bodies.</summary>
public static partial class OpenApiOperations
{
    private static readonly JsonElement EmptySchema = JsonDocument.Parse("{}").RootElement;

    private static readonly string[] WriteMethods = ["post", "put", "patch"];

    // A property's type: the first non-null entry, numbers before string (.NET writes integers as ["integer", "string"]).
    private static readonly string[] TypePreference = ["integer", "number", "boolean", "array", "object", "string"];

    /// <param name="prefix">The gateway's prefix for the service (/api/registry), empty for the gateway's own API.</param>
    /// <param name="fill">A path parameter's value by its name and the template it is in.</param>
    public static List<DocumentedOperation> Read(JsonElement document, string prefix, Func<string, string, string> fill)
    {
        var operations = new List<DocumentedOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => WriteMethods.Contains(o.Name)))
            {
                var filled = Parameter().Replace(path.Name, m => Uri.EscapeDataString(fill(m.Groups[1].Value, path.Name)));
                var query = QueryOf(operation.Value, path.Name, fill);
                var (mediaTypes, properties) = BodyOf(document, operation.Value);
                operations.Add(new(operation.Name.ToUpperInvariant(), path.Name, prefix + filled + query, mediaTypes, properties));
            }
        }
        return operations;
    }

    // Query parameters are filled only where fill knows them (an empty value leaves the parameter out).
    private static string QueryOf(JsonElement operation, string template, Func<string, string, string> fill)
    {
        if (!operation.TryGetProperty("parameters", out var parameters))
        {
            return "";
        }
        var pairs = parameters.EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query")
            .Select(p => p.GetProperty("name").GetString()!)
            .Select(name => (name, value: fill(name, template + "?")))
            .Where(p => p.value.Length > 0)
            .Select(p => $"{p.name}={Uri.EscapeDataString(p.value)}")
            .ToList();
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    private static (List<string>, List<SchemaProperty>) BodyOf(JsonElement document, JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content))
        {
            return ([], []);
        }
        var mediaTypes = content.EnumerateObject().Select(c => c.Name).ToList();
        var properties = new Dictionary<string, SchemaProperty>(StringComparer.Ordinal);
        foreach (var media in content.EnumerateObject())
        {
            if (media.Value.TryGetProperty("schema", out var schema))
            {
                foreach (var property in PropertiesOf(document, schema, depth: 0))
                {
                    properties.TryAdd(property.Name, property);
                }
            }
        }
        return (mediaTypes, [.. properties.Values]);
    }

    private static IEnumerable<SchemaProperty> PropertiesOf(JsonElement document, JsonElement schema, int depth)
    {
        schema = Resolve(document, schema);
        if (depth > 4)
        {
            yield break;
        }
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                var resolved = Resolve(document, property.Value);
                yield return new(property.Name, TypeOf(document, resolved), StringOf(resolved, "format"), FirstEnum(resolved));
            }
        }
        foreach (var combinator in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(combinator, out var parts))
            {
                foreach (var property in parts.EnumerateArray().SelectMany(part => PropertiesOf(document, part, depth + 1)))
                {
                    yield return property;
                }
            }
        }
    }

    private static string TypeOf(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
            return TypePreference.FirstOrDefault(types.Contains) ?? "string";
        }
        foreach (var combinator in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var parts))
            {
                var kinds = parts.EnumerateArray().Select(p => TypeOf(document, Resolve(document, p))).ToList();
                return TypePreference.FirstOrDefault(kinds.Contains) ?? "string";
            }
        }
        return schema.TryGetProperty("properties", out _) ? "object" : "string";
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        for (var hops = 0; hops < 10 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var target = document;
            foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                if (target.ValueKind != JsonValueKind.Object
                    || !target.TryGetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out target))
                {
                    return EmptySchema;
                }
            }
            schema = target;
        }
        return schema.ValueKind == JsonValueKind.Object ? schema : EmptySchema;
    }

    private static string? StringOf(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? FirstEnum(JsonElement schema) =>
        schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null).Select(v => v.GetRawText()).FirstOrDefault()
            : null;

    [GeneratedRegex("{([^}:?]+)[^}]*}")]
    private static partial Regex Parameter();
}
