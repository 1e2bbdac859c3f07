using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MlOps.FeatureStore.Definitions;

namespace MlOps.FeatureStore.Online;

/// <summary>
/// Resolved feature services for lookups, kept for MlOps:FeatureStore:LookupDefinitionCache (a changed definition reaches
/// lookups within it): resolving costs three or more queries, the lookup itself one. Bounded; cleared when full.
/// </summary>
public sealed class ResolvedServiceCache(FeatureResolver resolver, TimeProvider time, IOptions<FeatureStoreOptions> options)
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<(string Tenant, string Name), (ResolvedService Service, DateTimeOffset Until)> _entries = new();

    public async Task<ResolvedService?> ServiceAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        var keep = options.Value.LookupDefinitionCache;
        var now = time.GetUtcNow();
        if (keep > TimeSpan.Zero && _entries.TryGetValue((tenant, name), out var entry) && entry.Until > now)
        {
            return entry.Service;
        }
        var service = await resolver.ServiceAsync(tenant, name, cancellationToken);
        if (service is not null && keep > TimeSpan.Zero)
        {
            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }
            _entries[(tenant, name)] = (service, now + keep);
        }
        return service;
    }
}
