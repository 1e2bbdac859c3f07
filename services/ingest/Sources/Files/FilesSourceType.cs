using System.Text.Json;

namespace MlOps.Ingest.Sources.Files;

/// <summary>The `files` source type of pipelines.</summary>
public sealed class FilesSourceType(FilesSourceFactory factory) : ISourceFactory
{
    public string Type => FilesSourceFactory.SourceType;

    public void Validate(JsonElement config) => factory.Parse(config);

    public Task<IPipelineSource> CreateAsync(JsonElement config, string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(factory.Create(config));
}
