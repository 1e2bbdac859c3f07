using System.Text.Json;

namespace MlOps.Ingest.Sources;

/// <summary>The registered source factories, by type; validates a config by building its source.</summary>
public sealed class SourceFactories(IEnumerable<ISourceFactory> factories)
{
    private readonly Dictionary<string, ISourceFactory> _byType = factories.ToDictionary(f => f.Type, StringComparer.Ordinal);

    public IPipelineSource Create(string type, JsonElement config, string tenantId) =>
        _byType.TryGetValue(type, out var factory)
            ? factory.Create(config, tenantId)
            : throw new SourceConfigException("source.type", $"'{type}' is not a source type this service has; it has {string.Join(", ", _byType.Keys)}.");
}
