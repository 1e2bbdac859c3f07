using System.Text.Json;

namespace MlOps.Ingest.Sources;

/// <summary>Builds a source of one type from its JSON config; throws <see cref="SourceConfigException"/> for a bad config, without any I/O.</summary>
public interface ISourceFactory
{
    /// <summary>The pipeline's `source.type` this factory builds.</summary>
    string Type { get; }

    IPipelineSource Create(JsonElement config, string tenantId);
}
