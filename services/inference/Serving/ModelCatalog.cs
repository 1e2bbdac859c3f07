using System.Collections.Concurrent;

namespace MlOps.Inference.Serving;

/// <summary>Every model this instance serves, by tenant and name.</summary>
public sealed class ModelCatalog
{
    private readonly ConcurrentDictionary<ModelKey, Deployment> _deployments = new();

    public Deployment? Find(ModelKey key) => _deployments.GetValueOrDefault(key);

    public Deployment GetOrAdd(ModelKey key) => _deployments.GetOrAdd(key, k => new Deployment(k));

    public IEnumerable<Deployment> All => _deployments.Values;

    /// <summary>Ready when nothing is still loading: every deployment with a champion has it loaded.</summary>
    public bool AllLoaded => _deployments.Values.All(d => !d.States.Values.Any(s => s.Status == AliasState.Loading));
}
