using MlOps.FeatureStore.Warehouse;

namespace MlOps.FeatureStore.Definitions;

/// <summary>
/// Checks what a definition refers to before it is stored (its shape is checked by AddValidation first); each error is "field: problem".
/// Feature views are checked against the store (their entities) and the warehouse catalog (table, columns, types) through the read-only role.
/// </summary>
public sealed class DefinitionValidator(DefinitionStore store, WarehouseCatalog catalog)
{
    /// <summary>A body may repeat its name; it may not name another.</summary>
    public static string? NameMismatch(string route, string? name) =>
        name is null || name == route ? null : $"name: the body names '{name}' but the route names '{route}'.";

    public async Task<string?> ViewAsync(string tenant, FeatureViewDefinition view, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        for (var i = 0; i < view.Entities!.Count; i++)
        {
            if (await store.GetDefinitionAsync<EntityDefinition>(tenant, DefinitionKind.Entity, view.Entities[i], cancellationToken) is not { } entity)
            {
                return $"entities[{i}]: the tenant has no entity '{view.Entities[i]}'; create it with PUT /entities/{view.Entities[i]}.";
            }
            keys.AddRange(entity.JoinKeys!);
        }
        WarehouseTable table;
        try
        {
            table = await catalog.TableAsync(tenant, view.Dataset!, view.Table!, "", cancellationToken);
        }
        catch (WarehouseInputException e) when (!e.Unavailable)
        {
            return $"{e.Field}: {e.Message}";
        }
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (!table.Columns.TryGetValue(key, out var type))
            {
                return $"entities: table '{view.Table}' has no column '{key}' (a join key of the view's entities).";
            }
            if (!FeatureTypes.JoinKey.Contains(type))
            {
                return $"entities: join key column '{key}' is {type}; a join key must be an integer, text or uuid column.";
            }
        }
        if (!table.Columns.TryGetValue(view.TimestampColumn!, out var tsType))
        {
            return $"timestampColumn: table '{view.Table}' has no column '{view.TimestampColumn}'.";
        }
        if (!FeatureTypes.EventTime.Contains(tsType))
        {
            return $"timestampColumn: column '{view.TimestampColumn}' is {tsType}, not a timestamp or date.";
        }
        for (var i = 0; i < view.Features!.Count; i++)
        {
            var feature = view.Features[i];
            if (!table.Columns.TryGetValue(feature.Name!, out var columnType))
            {
                return $"features[{i}].name: table '{view.Table}' has no column '{feature.Name}'.";
            }
            if (!FeatureTypes.Accepts(feature.Type!, columnType))
            {
                return $"features[{i}].type: column '{feature.Name}' is {columnType}, which cannot be served as {feature.Type}.";
            }
        }
        return null;
    }

    public async Task<string?> ServiceAsync(string tenant, FeatureServiceDefinition service, CancellationToken cancellationToken)
    {
        var projections = service.Features!;
        for (var i = 0; i < projections.Count; i++)
        {
            var projection = projections[i];
            if (await store.GetDefinitionAsync<FeatureViewDefinition>(tenant, DefinitionKind.FeatureView, projection.View!, cancellationToken) is not { } view)
            {
                return $"features[{i}].view: the tenant has no feature view '{projection.View}'.";
            }
            var features = projection.Features ?? [];
            for (var j = 0; j < features.Count; j++)
            {
                if (view.Features!.All(f => f.Name != features[j]))
                {
                    return $"features[{i}].features[{j}]: feature view '{projection.View}' has no feature '{features[j]}'.";
                }
            }
        }
        return null;
    }
}
