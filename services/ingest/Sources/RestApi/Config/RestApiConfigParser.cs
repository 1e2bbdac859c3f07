using System.Text.Json;
using System.Text.Json.Nodes;
using static MlOps.Ingest.Sources.RestApi.ConfigReader;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Parses and validates the top of a dlt rest_api config: client, auth and paginators; resources go to <see cref="RestResourceParser"/>.</summary>
internal static class RestApiConfigParser
{
    private static readonly string[] TopKeys = ["client", "resource_defaults", "resources"];
    private static readonly string[] ClientKeys = ["base_url", "headers", "auth", "paginator"];

    public static RestApiConfig Parse(JsonElement config)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            throw new SourceConfigException("$", "the rest_api config must be a JSON object.");
        }
        var root = JsonObject.Create(config)!;
        OnlyKeys(root, "$", TopKeys);
        var client = ParseClient(Object(root["client"], "client"));
        var resources = RestResourceParser.Parse(root["resources"], root["resource_defaults"]);
        return new RestApiConfig { Client = client, Resources = resources };
    }

    private static RestClientConfig ParseClient(JsonObject client)
    {
        OnlyKeys(client, "client", ClientKeys);
        var text = RequiredString(client, "base_url", "client");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new SourceConfigException("client.base_url", "must be an absolute http(s) URL.");
        }
        return new RestClientConfig
        {
            BaseUrl = baseUrl,
            Headers = Headers(client["headers"], "client.headers"),
            Auth = client["auth"] is { } auth ? ParseAuth(auth, "client.auth") : null,
            Paginator = client["paginator"] is { } paginator ? ParsePaginator(paginator, "client.paginator") : null,
        };
    }

    public static Dictionary<string, string> Headers(JsonNode? node, string path)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (node is null)
        {
            return headers;
        }
        foreach (var (name, _) in Object(node, path))
        {
            headers[name] = String(node.AsObject(), name, path) ?? "";
        }
        return headers;
    }

    public static RestAuth ParseAuth(JsonNode node, string path)
    {
        // dlt: a dict without `type` is a bearer token.
        var auth = node is JsonValue v && v.TryGetValue<string>(out var alias) ? new JsonObject { ["type"] = alias } : Object(node, path);
        var type = String(auth, "type", path) ?? "bearer";
        switch (type)
        {
            case "bearer":
                OnlyKeys(auth, path, ["type", "token"]);
                return new RestAuth(RestAuthKind.Bearer) { Token = RequiredString(auth, "token", path) };
            case "api_key":
                OnlyKeys(auth, path, ["type", "name", "api_key", "location"]);
                var location = String(auth, "location", path) ?? "header";
                if (location is not ("header" or "query"))
                {
                    throw new SourceConfigException($"{path}.location", "must be \"header\" or \"query\" (cookie is not supported).");
                }
                return new RestAuth(RestAuthKind.ApiKey)
                {
                    Name = String(auth, "name", path) ?? "Authorization",
                    ApiKey = RequiredString(auth, "api_key", path),
                    InQuery = location == "query",
                };
            case "http_basic":
                OnlyKeys(auth, path, ["type", "username", "password"]);
                return new RestAuth(RestAuthKind.HttpBasic)
                {
                    Username = RequiredString(auth, "username", path),
                    Password = String(auth, "password", path) ?? "",
                };
            default:
                throw new SourceConfigException($"{path}.type",
                    $"'{type}' is not supported (bearer, api_key, http_basic); auth classes are Python-only.");
        }
    }

    public static PaginatorSpec ParsePaginator(JsonNode node, string path) => RestPaginatorParser.Parse(node, path);
}
