using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>The `rest_api` source type of pipelines: dlt's RESTAPIConfig, as JSON.</summary>
public sealed class RestApiSourceType(RestApiSourceFactory factory) : ISourceFactory
{
    public string Type => "rest_api";

    public void Validate(JsonElement config) => RestApiConfig.Parse(config);

    public Task<IPipelineSource> CreateAsync(JsonElement config, string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult<IPipelineSource>(factory.Create(config));
}
