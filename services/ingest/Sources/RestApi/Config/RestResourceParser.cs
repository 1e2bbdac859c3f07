using System.Text.Json.Nodes;
using static MlOps.Ingest.Sources.RestApi.ConfigReader;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Parses `resources` with `resource_defaults` merged in as dlt merges them, and orders parents before children.</summary>
internal static class RestResourceParser
{
    private static readonly string[] ResourceKeys =
    [
        "name", "endpoint", "write_disposition", "primary_key", "include_from_parent", "selected", "table_name", "columns", "quality",
        "schema_contract", "max_table_nesting",
    ];

    public static List<RestResourceConfig> Parse(JsonNode? resourcesNode, JsonNode? defaultsNode)
    {
        if (resourcesNode is not JsonArray { Count: > 0 } list)
        {
            throw new SourceConfigException("resources", "must be a non-empty array of resource names or objects.");
        }
        var defaults = defaultsNode is null ? [] : (JsonObject)Object(defaultsNode, "resource_defaults").DeepClone();
        OnlyKeys(defaults, "resource_defaults", ResourceKeys[1..]);
        if (defaults["endpoint"] is { } defaultEndpoint)
        {
            OnlyKeys(Object(defaultEndpoint, "resource_defaults.endpoint"), "resource_defaults.endpoint",
                ["method", "params", "json", "data", "headers", "auth", "data_selector", "paginator", "response_actions", "incremental"]);
        }
        var parsed = new List<RestResourceConfig>();
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"resources[{i}]";
            var resource = list[i] is JsonValue v && v.TryGetValue<string>(out var name)
                ? new JsonObject { ["name"] = name, ["endpoint"] = new JsonObject { ["path"] = name } }
                : (JsonObject)Object(list[i], path).DeepClone();
            OnlyKeys(resource, path, ResourceKeys);
            var resourceName = RequiredString(resource, "name", path);
            if (parsed.Any(r => r.Name == resourceName))
            {
                throw new SourceConfigException($"{path}.name", $"resource '{resourceName}' is defined twice.");
            }
            resource["endpoint"] = resource["endpoint"] switch
            {
                null => new JsonObject(),
                JsonValue e when e.TryGetValue<string>(out var endpointPath) => new JsonObject { ["path"] = endpointPath },
                var e => Object(e, $"{path}.endpoint").DeepClone(),
            };
            var endpoint = resource["endpoint"]!.AsObject();
            endpoint["path"] ??= resourceName;
            parsed.Add(Build(resourceName, Merge(defaults, resource), path));
        }
        return Order(parsed);
    }

    /// <summary>dlt's _merge_resource_endpoints: the resource wins, endpoint keys merge, params and json merge one level deeper.</summary>
    private static JsonObject Merge(JsonObject defaults, JsonObject resource)
    {
        var merged = (JsonObject)defaults.DeepClone();
        var endpoint = merged["endpoint"] as JsonObject ?? [];
        foreach (var (key, value) in resource["endpoint"]!.AsObject())
        {
            endpoint[key] = key is "params" or "json" && endpoint[key] is JsonObject baseObject && value is JsonObject overrides
                ? Shallow(baseObject, overrides)
                : value?.DeepClone();
        }
        if (merged["columns"] is JsonObject baseColumns && resource["columns"] is JsonObject columns)
        {
            resource["columns"] = new JsonObject(columns.Select(c => KeyValuePair.Create(c.Key,
                baseColumns[c.Key] is JsonObject baseHints && c.Value is JsonObject hints ? Shallow(baseHints, hints) : c.Value?.DeepClone())));
        }
        foreach (var (key, value) in resource.Where(p => p.Key != "endpoint").ToList())
        {
            merged[key] = value?.DeepClone();
        }
        merged["endpoint"] = endpoint;
        return merged;
    }

    private static JsonNode Shallow(JsonObject under, JsonObject over)
    {
        var result = (JsonObject)under.DeepClone();
        foreach (var (key, value) in over)
        {
            result[key] = value?.DeepClone();
        }
        return result;
    }

    private static RestResourceConfig Build(string name, JsonObject resource, string path)
    {
        var (endpoint, resolved) = RestEndpointParser.Parse(name, resource["endpoint"]!.AsObject(), $"{path}.endpoint");
        var parents = resolved.Select(r => r.Resource).Distinct().ToList();
        if (parents.Count > 1)
        {
            throw new SourceConfigException($"{path}.endpoint", $"resolves fields of several parents ({string.Join(", ", parents)}); dlt allows one.");
        }
        var include = RestHintsParser.Strings(resource["include_from_parent"], $"{path}.include_from_parent");
        if (include.Count > 0 && parents.Count == 0)
        {
            throw new SourceConfigException($"{path}.include_from_parent", "needs a parent resource (a resolve param or {resources.<parent>.<field>}).");
        }
        return new RestResourceConfig
        {
            Name = name,
            Endpoint = endpoint,
            Hints = RestHintsParser.Parse(name, resource, path),
            Parent = parents.SingleOrDefault(),
            ResolvedParams = resolved,
            IncludeFromParent = include,
            Selected = Bool(resource, "selected", path) ?? true,
            MaxTableNesting = (int?)Integer(resource, "max_table_nesting", path, 0),
        };
    }

    /// <summary>
    /// Parents before children in graphlib's static_order, as dlt sorts: ready resources in the order first named (a child
    /// names its parent right after itself), each finished one releasing its children. Unknown parents and cycles are errors.
    /// </summary>
    private static List<RestResourceConfig> Order(List<RestResourceConfig> resources)
    {
        var byName = resources.ToDictionary(r => r.Name);
        var seen = new List<string>();
        for (var i = 0; i < resources.Count; i++)
        {
            if (resources[i].Parent is { } parent && !byName.ContainsKey(parent))
            {
                throw new SourceConfigException($"resources[{i}].endpoint", $"refers to parent resource '{parent}', which is not defined.");
            }
            seen.AddRange(new[] { resources[i].Name, resources[i].Parent }.OfType<string>().Where(n => !seen.Contains(n)));
        }
        var ready = new Queue<string>(seen.Where(n => byName[n].Parent is null));
        var ordered = new List<RestResourceConfig>();
        while (ready.TryDequeue(out var name))
        {
            ordered.Add(byName[name]);
            foreach (var child in seen.Where(n => byName[n].Parent == name))
            {
                ready.Enqueue(child);
            }
        }
        if (ordered.Count < resources.Count)
        {
            var cyclic = resources.First(r => !ordered.Contains(r));
            throw new SourceConfigException($"resources[{resources.IndexOf(cyclic)}].endpoint",
                $"resource '{cyclic.Name}' depends on itself through its parents.");
        }
        return ordered;
    }
}
