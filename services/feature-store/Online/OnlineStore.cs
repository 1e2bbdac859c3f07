using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Materialization;
using MlOps.FeatureStore.Warehouse;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.FeatureStore.Online;

/// <summary>Reads the online store: every view of a feature service for every entity asked, in one query.</summary>
public sealed class OnlineStore(NpgsqlDataSource db, TimeProvider time)
{
    private const string Lookup = """
        SELECT q.n, o.view_name, o.features::text, o.event_time, o.materialized_at
        FROM unnest($2::text[], $3::text[], $4::int[]) AS q(v, k, n)
        JOIN online_features o ON o.tenant_id = $1 AND o.view_name = q.v AND o.entity_key = q.k
        """;

    /// <exception cref="WarehouseInputException">An entity lacks a join key (the field is named).</exception>
    public async Task<OnlineFeaturesResponse> LookupAsync(string tenant, ResolvedService service, IReadOnlyList<JsonObject?> entities,
        CancellationToken cancellationToken)
    {
        var views = new List<string>();
        var keys = new List<string>();
        var numbers = new List<int>();
        for (var n = 0; n < entities.Count; n++)
        {
            var entity = entities[n] ?? throw new WarehouseInputException($"entities[{n}]", "An entity is an object of join key values, not null.");
            foreach (var view in service.Views)
            {
                views.Add(view.Name);
                keys.Add(Materializer.EntityKey(view.JoinKeys.Select(k => KeyValue(entity[k], $"entities[{n}].{k}"))));
                numbers.Add(n);
            }
        }
        var found = new Dictionary<(int, string), (JsonObject Features, DateTime EventTime, DateTime MaterializedAt)>();
        await using (var query = db.CreateCommand(Lookup))
        {
            query.Parameters.Add(new NpgsqlParameter { Value = tenant, NpgsqlDbType = NpgsqlDbType.Text });
            query.Parameters.Add(new NpgsqlParameter { Value = views.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            query.Parameters.Add(new NpgsqlParameter { Value = keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            query.Parameters.Add(new NpgsqlParameter { Value = numbers.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found[(reader.GetInt32(0), reader.GetString(1))] = (JsonNode.Parse(reader.GetString(2))!.AsObject(), reader.GetDateTime(3), reader.GetDateTime(4));
            }
        }
        var now = time.GetUtcNow().UtcDateTime;
        var results = new List<OnlineEntityResult>(entities.Count);
        for (var n = 0; n < entities.Count; n++)
        {
            var values = new JsonObject();
            var freshness = new Dictionary<string, ViewFreshness?>(StringComparer.Ordinal);
            var valid = 0;
            foreach (var view in service.Views)
            {
                var row = found.GetValueOrDefault((n, view.Name));
                var expired = row.Features is not null && now - row.EventTime > view.View.Ttl;
                freshness[view.Name] = row.Features is null ? null : new ViewFreshness(row.EventTime, row.MaterializedAt, expired);
                var usable = row.Features is not null && !expired;
                valid += usable ? 1 : 0;
                foreach (var feature in view.Features)
                {
                    values[view.Column(feature)] = usable ? row.Features![feature.Name!]?.DeepClone() : null;
                }
            }
            var status = valid == service.Views.Count ? "found" : valid == 0 ? "missing" : "partial";
            results.Add(new OnlineEntityResult(entities[n]!, status, values, freshness));
        }
        return new OnlineFeaturesResponse(service.Name, service.Version, service.Columns, results, service.JoinKeys);
    }

    private static string KeyValue(JsonNode? node, string field) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => throw new WarehouseInputException(field, "Every entity needs each join key of the feature service's views, as a string or an integer."),
    };
}
