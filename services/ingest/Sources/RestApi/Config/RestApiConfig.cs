using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// dlt's `RESTAPIConfig` in its JSON form (client, resource_defaults, resources), validated: anything unknown or
/// Python-only throws <see cref="SourceConfigException"/> naming its JSON path. Resources are in dependency order.
/// </summary>
public sealed record RestApiConfig
{
    public required RestClientConfig Client { get; init; }

    /// <summary>Every resource, parents before their children, otherwise in the order given.</summary>
    public required IReadOnlyList<RestResourceConfig> Resources { get; init; }

    public static RestApiConfig Parse(JsonElement config) => RestApiConfigParser.Parse(config);
}
