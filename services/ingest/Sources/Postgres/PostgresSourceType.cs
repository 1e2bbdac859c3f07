using System.Text.Json;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>The `postgres` source type of pipelines.</summary>
public sealed class PostgresSourceType(PostgresSourceFactory factory) : ISourceFactory
{
    public string Type => PostgresSourceFactory.SourceType;

    public void Validate(JsonElement config) => PostgresSourceConfig.Parse(config);

    public Task<IPipelineSource> CreateAsync(JsonElement config, string tenantId, CancellationToken cancellationToken) =>
        factory.CreateAsync(config, cancellationToken);
}
