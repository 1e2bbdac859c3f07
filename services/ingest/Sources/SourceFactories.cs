using System.Text.Json;

namespace MlOps.Ingest.Sources;

/// <summary>The registered source factories, by type.</summary>
public sealed class SourceFactories(IEnumerable<ISourceFactory> factories)
{
    private readonly Dictionary<string, ISourceFactory> _byType = factories.ToDictionary(f => f.Type, StringComparer.Ordinal);

    public void Validate(string type, JsonElement config) => Factory(type).Validate(config);

    public Task<IPipelineSource> CreateAsync(string type, JsonElement config, string tenantId, CancellationToken cancellationToken) =>
        Factory(type).CreateAsync(config, tenantId, cancellationToken);

    private ISourceFactory Factory(string type) => _byType.TryGetValue(type, out var factory)
        ? factory
        : throw new SourceConfigException("source.type", $"'{type}' is not a source type this service has; it has {string.Join(", ", _byType.Keys)}.");
}
