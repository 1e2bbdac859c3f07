using System.Text.Json;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Materialization;
using MlOps.FeatureStore.Warehouse;

namespace MlOps.FeatureStore.Online;

/// <summary>Turns a lookup's entities into the online keys of every view of the feature service (the keys materialization writes).</summary>
public static class OnlineLookup
{
    /// <summary>Entity n's key in view v at [n × views + v].</summary>
    /// <exception cref="WarehouseInputException">An entity is not an object or lacks a join key (the field is named).</exception>
    public static string[] Keys(ResolvedService service, IReadOnlyList<JsonElement> entities)
    {
        var views = service.Views;
        var keys = new string[entities.Count * views.Count];
        for (var n = 0; n < entities.Count; n++)
        {
            var entity = entities[n];
            if (entity.ValueKind != JsonValueKind.Object)
            {
                throw new WarehouseInputException($"entities[{n}]", "An entity is an object of join key values, not null.");
            }
            for (var v = 0; v < views.Count; v++)
            {
                var joinKeys = views[v].JoinKeys;
                var values = new string[joinKeys.Count];
                for (var k = 0; k < values.Length; k++)
                {
                    values[k] = KeyValue(entity, joinKeys[k], n);
                }
                keys[n * views.Count + v] = Materializer.EntityKey(values);
            }
        }
        return keys;
    }

    private static string KeyValue(JsonElement entity, string key, int n) => entity.TryGetProperty(key, out var value) ? value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        _ => throw Missing(key, n),
    } : throw Missing(key, n);

    private static WarehouseInputException Missing(string key, int n) =>
        new($"entities[{n}].{key}", "Every entity needs each join key of the feature service's views, as a string or an integer.");
}
