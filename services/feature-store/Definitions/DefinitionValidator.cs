using System.Text.RegularExpressions;
using MlOps.FeatureStore.Warehouse;

namespace MlOps.FeatureStore.Definitions;

/// <summary>
/// Checks definitions before they are stored; each error is "field: problem". Feature views are checked against the
/// warehouse catalog (table, columns, types) through the read-only role.
/// </summary>
public sealed partial class DefinitionValidator(DefinitionStore store, WarehouseCatalog catalog)
{
    /// <summary>Longest TTL: ten years, which is as good as none.</summary>
    public const long MaxTtlSeconds = 10L * 366 * 24 * 3600;

    public static string? Name(string? name, string field) => name is { } n && NamePattern().IsMatch(n)
        ? null
        : $"{field}: '{name}' is not a name (letters, digits and '_', starting with a letter or '_', at most 63).";

    public static string? Entity(string route, EntityDefinition entity)
    {
        if (Matches(route, entity.Name) is { } error)
        {
            return error;
        }
        if (entity.JoinKeys is not { Count: > 0 } keys)
        {
            return "joinKeys: an entity needs at least one join key.";
        }
        for (var i = 0; i < keys.Count; i++)
        {
            if (Name(keys[i], $"joinKeys[{i}]") is { } bad)
            {
                return bad;
            }
        }
        return keys.Distinct(StringComparer.Ordinal).Count() == keys.Count ? null : "joinKeys: a join key is named twice.";
    }

    public async Task<string?> ViewAsync(string tenant, string route, FeatureViewDefinition view, CancellationToken cancellationToken)
    {
        if (Shape(route, view) is { } error)
        {
            return error;
        }
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

    public async Task<string?> ServiceAsync(string tenant, string route, FeatureServiceDefinition service, CancellationToken cancellationToken)
    {
        if (Matches(route, service.Name) is { } error)
        {
            return error;
        }
        if (service.Features is not { Count: > 0 } projections)
        {
            return "features: a feature service needs at least one feature view.";
        }
        for (var i = 0; i < projections.Count; i++)
        {
            var projection = projections[i];
            if (Name(projection.View, $"features[{i}].view") is { } bad)
            {
                return bad;
            }
            if (projections.Take(i).Any(p => p.View == projection.View))
            {
                return $"features[{i}].view: view '{projection.View}' is named twice; list its features once.";
            }
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

    private static string? Shape(string route, FeatureViewDefinition view)
    {
        if (Matches(route, view.Name) is { } error)
        {
            return error;
        }
        if (string.IsNullOrWhiteSpace(view.Dataset))
        {
            return "dataset: a feature view names the warehouse dataset its table is in.";
        }
        if (string.IsNullOrWhiteSpace(view.Table))
        {
            return "table: a feature view names a table of its dataset.";
        }
        if (view.Entities is not { Count: > 0 })
        {
            return "entities: a feature view describes at least one entity.";
        }
        if (string.IsNullOrWhiteSpace(view.TimestampColumn))
        {
            return "timestampColumn: a feature view names the column with each row's event time.";
        }
        if (view.TtlSeconds is not (> 0 and <= MaxTtlSeconds))
        {
            return $"ttlSeconds: the TTL must be between 1 and {MaxTtlSeconds} seconds.";
        }
        if (view.Features is not { Count: > 0 } features)
        {
            return "features: a feature view has at least one feature.";
        }
        for (var i = 0; i < features.Count; i++)
        {
            if (Name(features[i].Name, $"features[{i}].name") is { } bad)
            {
                return bad;
            }
            if (features[i].Type is not { } type || !FeatureTypes.IsKnown(type))
            {
                return $"features[{i}].type: '{features[i].Type}' is not one of {string.Join(", ", FeatureTypes.Names)}.";
            }
            if (features.Take(i).Any(f => f.Name == features[i].Name))
            {
                return $"features[{i}].name: feature '{features[i].Name}' is listed twice.";
            }
        }
        return null;
    }

    private static string? Matches(string route, string? name)
    {
        if (Name(route, "name") is { } bad)
        {
            return bad;
        }
        return name is null || name == route ? null : $"name: the body names '{name}' but the route names '{route}'.";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex NamePattern();
}
