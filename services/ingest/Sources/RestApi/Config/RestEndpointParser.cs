using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static MlOps.Ingest.Sources.RestApi.ConfigReader;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Parses a merged `endpoint`: params (static, resolve, incremental), placeholders, selector, paginator, actions.</summary>
internal static partial class RestEndpointParser
{
    private static readonly string[] EndpointKeys =
        ["path", "method", "params", "json", "data", "headers", "auth", "data_selector", "paginator", "response_actions", "incremental"];
    private static readonly string[] IncrementalKeys =
        ["cursor_path", "start_param", "end_param", "initial_value", "end_value", "lag", "on_cursor_value_missing"];

    public static (RestEndpointConfig Endpoint, List<ResolvedParam> Resolved) Parse(string resource, JsonObject e, string path)
    {
        OnlyKeys(e, path, EndpointKeys);
        var rawPath = RequiredString(e, "path", path);
        var method = (String(e, "method", path) ?? "GET").ToUpperInvariant();
        if (method is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
        {
            throw new SourceConfigException($"{path}.method", $"'{method}' is not supported (GET, POST, PUT, PATCH, DELETE).");
        }
        var incremental = e["incremental"] is { } inc ? Incremental(Object(inc, $"{path}.incremental"), $"{path}.incremental", null) : null;
        var contexts = incremental is null ? new[] { "resources." } : ["resources.", "incremental."];
        var (query, resolved, paramIncremental) = Params(e["params"], $"{path}.params");
        // dlt: a path ending in a single placeholder names one entity: the whole answer, one page.
        var single = SingleEntity().IsMatch(rawPath);
        var boundPath = BindPath(resource, rawPath, query, resolved, contexts, $"{path}.path");
        Expressions(query, contexts, $"{path}.params");
        Expressions(e["json"], contexts, $"{path}.json");
        resolved.AddRange(RestPlaceholders.Find(boundPath).Concat(RestPlaceholders.Find(query)).Concat(RestPlaceholders.Find(e["json"]))
            .Where(x => x.StartsWith("resources.", StringComparison.Ordinal)).Distinct().Select(x => Resolve(x, path)));
        var endpoint = new RestEndpointConfig
        {
            Path = boundPath,
            // A path param may be a secret (`bot{token}/getUpdates`): only the unfilled template is ever shown.
            PathTemplate = rawPath.Split('?')[0],
            Method = new HttpMethod(method),
            Params = query,
            Json = e["json"]?.DeepClone(),
            Data = e["data"] is { } data && data.GetValueKind() is JsonValueKind.Object or JsonValueKind.String ? data.DeepClone()
                : e["data"] is null ? null : throw new SourceConfigException($"{path}.data", "must be an object (a form) or a string."),
            Headers = RestApiConfigParser.Headers(e["headers"], $"{path}.headers"),
            Auth = e["auth"] is { } auth ? RestApiConfigParser.ParseAuth(auth, $"{path}.auth") : null,
            DataSelector = String(e, "data_selector", path) is { } selector ? RestPaginatorParser.Compile(selector, $"{path}.data_selector")
                : single ? JsonPath.Parse("$") : null,
            Paginator = e["paginator"] is { } p ? RestPaginatorParser.Parse(p, $"{path}.paginator")
                : single ? new PaginatorSpec(PaginatorKind.SinglePage) : null,
            ResponseActions = Actions(e["response_actions"], $"{path}.response_actions"),
            Incremental = paramIncremental?.Spec ?? incremental,
            IncrementalParam = paramIncremental?.Name,
        };
        return (endpoint, resolved);
    }

    private static (JsonObject, List<ResolvedParam>, (string Name, IncrementalSpec Spec)?) Params(JsonNode? node, string path)
    {
        var query = new JsonObject();
        var resolved = new List<ResolvedParam>();
        (string, IncrementalSpec)? incremental = null;
        foreach (var (name, value) in node is null ? [] : Object(node, path).ToList())
        {
            var at = $"{path}.{name}";
            if (value is JsonObject o)
            {
                switch (String(o, "type", at))
                {
                    case "resolve":
                        OnlyKeys(o, at, ["type", "resource", "field"]);
                        resolved.Add(new ResolvedParam(name, RequiredString(o, "resource", at),
                            RestPaginatorParser.Compile(RequiredString(o, "field", at), $"{at}.field")));
                        continue;
                    case "incremental" when incremental is not null:
                        throw new SourceConfigException(at, "only one incremental param is allowed per endpoint.");
                    case "incremental":
                        if (o.ContainsKey("end_value") || o.ContainsKey("end_param"))
                        {
                            throw new SourceConfigException(at, "an incremental param takes no end: use the endpoint's `incremental` for end_value.");
                        }
                        OnlyKeys(o, at, ["type", "cursor_path", "initial_value", "lag", "on_cursor_value_missing"]);
                        incremental = (name, Incremental(o, at, name));
                        continue;
                    default:
                        throw new SourceConfigException(at, "an object param must have type \"resolve\" or \"incremental\".");
                }
            }
            if (value is JsonArray a && a.Any(n => n is JsonObject or JsonArray))
            {
                throw new SourceConfigException(at, "an array param may hold only strings, numbers and booleans.");
            }
            query[name] = value?.DeepClone();
        }
        return (query, resolved, incremental);
    }

    private static IncrementalSpec Incremental(JsonObject o, string path, string? startParam)
    {
        if (startParam is null)
        {
            OnlyKeys(o, path, IncrementalKeys);
        }
        if (o.ContainsKey("end_value") && !o.ContainsKey("initial_value"))
        {
            throw new SourceConfigException($"{path}.end_value", "needs initial_value too.");
        }
        var missing = String(o, "on_cursor_value_missing", path) ?? "raise";
        if (missing is not ("raise" or "include" or "exclude"))
        {
            throw new SourceConfigException($"{path}.on_cursor_value_missing", "must be raise, include or exclude.");
        }
        var lag = o["lag"];
        return new IncrementalSpec
        {
            CursorPath = RestPaginatorParser.Compile(RequiredString(o, "cursor_path", path), $"{path}.cursor_path"),
            StartParam = startParam ?? String(o, "start_param", path),
            EndParam = String(o, "end_param", path),
            InitialValue = o["initial_value"] is { } initial ? JsonSerializer.SerializeToElement(initial) : null,
            EndValue = o["end_value"] is { } end ? JsonSerializer.SerializeToElement(end) : null,
            Lag = lag is null ? null : lag.GetValueKind() == JsonValueKind.Number ? lag.GetValue<double>()
                : throw new SourceConfigException($"{path}.lag", "must be a number (seconds, days or units of the cursor)."),
            OnCursorValueMissing = missing,
        };
    }

    [GeneratedRegex(@"\{([a-zA-Z_][a-zA-Z0-9_]*)\}$")]
    private static partial Regex SingleEntity();
}
