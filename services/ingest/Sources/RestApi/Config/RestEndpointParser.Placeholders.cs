using System.Text.Json;
using System.Text.Json.Nodes;
using static MlOps.Ingest.Sources.RestApi.ConfigReader;

namespace MlOps.Ingest.Sources.RestApi;

internal static partial class RestEndpointParser
{
    private static readonly string[] IncrementalValues = ["incremental.start_value", "incremental.end_value"];

    /// <summary>dlt's _bind_path_params: static params go into the path; context and resolve placeholders stay.</summary>
    private static string BindPath(
        string resource, string path, JsonObject query, List<ResolvedParam> resolved, string[] contexts, string at)
    {
        var unbound = resolved.Select(r => r.Placeholder).ToHashSet();
        string bound;
        try
        {
            bound = RestPlaceholders.Expand(path, name =>
            {
                if (contexts.Any(c => name.StartsWith(c, StringComparison.Ordinal)) || unbound.Remove(name))
                {
                    return $"{{{name}}}";
                }
                if (query[name] is JsonValue value && value.GetValueKind() is not (JsonValueKind.Object or JsonValueKind.Array))
                {
                    query.Remove(name);
                    return RestValues.Text(JsonSerializer.SerializeToElement(value));
                }
                throw new SourceConfigException(at, name.Contains('.')
                    ? $"placeholder '{{{name}}}' is not valid: valid contexts are {string.Join(", ", contexts.Select(c => c.TrimEnd('.')))}."
                    : $"resource '{resource}' needs a param named '{name}' in endpoint.params (a value or a resolve param).");
            });
        }
        catch (FormatException e)
        {
            throw new SourceConfigException(at, e.Message);
        }
        if (unbound.Count > 0)
        {
            throw new SourceConfigException(at, $"resolve params {string.Join(", ", unbound)} are not used in the path; "
                + "to send a parent field as a query param use {resources.<parent>.<field>}.");
        }
        return bound;
    }

    private static void Expressions(JsonNode? node, string[] contexts, string at)
    {
        List<string> found;
        try
        {
            found = RestPlaceholders.Find(node);
        }
        catch (FormatException e)
        {
            throw new SourceConfigException(at, e.Message);
        }
        foreach (var expression in found)
        {
            var ok = expression.StartsWith("resources.", StringComparison.Ordinal)
                || (contexts.Contains("incremental.") && IncrementalValues.Contains(expression));
            if (!ok)
            {
                throw new SourceConfigException(at, $"expression '{{{expression}}}' is not valid: it must start with "
                    + $"{string.Join(" or ", contexts)} ({{incremental.*}} needs the endpoint's `incremental`).");
            }
        }
    }

    private static ResolvedParam Resolve(string expression, string at)
    {
        var parts = expression.Split('.', 3);
        if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            throw new SourceConfigException(at, $"'{{{expression}}}' is not resources.<resource>.<field>.");
        }
        return new ResolvedParam(expression, parts[1], RestPaginatorParser.Compile(parts[2], at));
    }

    private static List<ResponseActionSpec> Actions(JsonNode? node, string path)
    {
        if (node is null)
        {
            return [];
        }
        if (node is not JsonArray actions)
        {
            throw new SourceConfigException(path, $"must be an array, not {Kind(node)}.");
        }
        var result = new List<ResponseActionSpec>();
        for (var i = 0; i < actions.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (actions[i] is not JsonObject o)
            {
                throw new SourceConfigException(at, "must be {\"status_code\", \"content\", \"action\": \"ignore\"}; callables are Python-only.");
            }
            OnlyKeys(o, at, ["status_code", "content", "action"]);
            if (String(o, "action", at) != "ignore")
            {
                throw new SourceConfigException($"{at}.action", "only \"ignore\" is supported; callbacks are Python-only.");
            }
            var status = (int?)Integer(o, "status_code", at, 100);
            var content = String(o, "content", at);
            if (status is null && content is null)
            {
                throw new SourceConfigException(at, "needs status_code or content.");
            }
            result.Add(new ResponseActionSpec(status, content));
        }
        return result;
    }
}
