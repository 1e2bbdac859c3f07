namespace MlOps.FeatureStore.Definitions;

/// <summary>Resolves feature services and views to what joins and lookups need; null when a name is unknown (the caller names it).</summary>
public sealed class FeatureResolver(DefinitionStore store)
{
    public async Task<ResolvedService?> ServiceAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenant, DefinitionKind.FeatureService, name, cancellationToken) is not { } stored
            || stored.As<FeatureServiceDefinition>() is not { } service)
        {
            return null;
        }
        var views = new List<ResolvedView>();
        foreach (var projection in service.Features ?? [])
        {
            // A view deleted or changed since the service was stored: resolve what is there now, and fail naming it if gone.
            if (await ViewAsync(tenant, projection.View!, cancellationToken) is not { } view)
            {
                throw new DefinitionMissingException($"feature view '{projection.View}' (used by feature service '{name}')");
            }
            var wanted = projection.Features is { Count: > 0 } names ? names : [.. view.View.Features!.Select(f => f.Name!)];
            var features = new List<FeatureField>();
            foreach (var feature in wanted)
            {
                features.Add(view.View.Features!.FirstOrDefault(f => f.Name == feature)
                    ?? throw new DefinitionMissingException($"feature '{feature}' of feature view '{projection.View}' (used by feature service '{name}')"));
            }
            views.Add(view with { Features = features });
        }
        return new ResolvedService(name, stored.Version, views);
    }

    public async Task<ResolvedView?> ViewAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenant, DefinitionKind.FeatureView, name, cancellationToken) is not { } stored
            || stored.As<FeatureViewDefinition>() is not { } view)
        {
            return null;
        }
        var keys = new List<string>();
        foreach (var entityName in view.Entities ?? [])
        {
            var entity = await store.GetDefinitionAsync<EntityDefinition>(tenant, DefinitionKind.Entity, entityName, cancellationToken)
                ?? throw new DefinitionMissingException($"entity '{entityName}' (of feature view '{name}')");
            keys.AddRange(entity.JoinKeys!.Where(k => !keys.Contains(k)));
        }
        return new ResolvedView(view, stored.Version, keys, view.Features!);
    }
}
