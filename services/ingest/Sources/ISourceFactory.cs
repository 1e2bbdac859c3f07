using System.Text.Json;

namespace MlOps.Ingest.Sources;

/// <summary>Builds a source of one type from its JSON config.</summary>
public interface ISourceFactory
{
    /// <summary>The pipeline's `source.type` this factory builds.</summary>
    string Type { get; }

    /// <summary>Checks the config without any I/O; throws <see cref="SourceConfigException"/> naming the bad field.</summary>
    void Validate(JsonElement config);

    /// <summary>The source for a run; may look things up (a table's primary key) and throw <see cref="SourceException"/>.</summary>
    Task<IPipelineSource> CreateAsync(JsonElement config, string tenantId, CancellationToken cancellationToken);
}
