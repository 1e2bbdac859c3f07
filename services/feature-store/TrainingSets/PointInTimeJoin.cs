using System.Text.Json.Nodes;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Warehouse;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>
/// Joins each entity row to the latest value of every feature at or before the row's timestamp and no older than the view's
/// TTL, never after (no leakage), inside the warehouse: one LATERAL ... ORDER BY ts DESC LIMIT 1 query per view, the entity
/// rows sent as arrays (the read-only role may create nothing, not even a temporary table). No value is null, not zero.
/// </summary>
public static class PointInTimeJoin
{
    /// <summary>Each view of the service with its checked warehouse table, looked up once for every batch of a set.</summary>
    public static async Task<IReadOnlyList<(ResolvedView View, WarehouseTable Table)>> TablesAsync(NpgsqlConnection connection, string tenant,
        ResolvedService service, CancellationToken cancellationToken)
    {
        var tables = new List<(ResolvedView, WarehouseTable)>(service.Views.Count);
        foreach (var view in service.Views)
        {
            tables.Add((view, await WarehouseCatalog.TableAsync(connection, tenant, view.View.Dataset!, view.View.Table!, $"featureService ({view.Name}).",
                cancellationToken)));
        }
        return tables;
    }

    /// <summary>Fills every row of <paramref name="frame"/> with every feature of the service (null where no valid value is found).</summary>
    public static async Task JoinAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(ResolvedView View, WarehouseTable Table)> views,
        ResolvedService service, EntityFrame frame, CancellationToken cancellationToken)
    {
        foreach (var row in frame.Rows)
        {
            foreach (var column in service.Columns)
            {
                row[column] = null;
            }
        }
        foreach (var (view, table) in views)
        {
            await JoinViewAsync(connection, transaction, table, view, frame, cancellationToken);
        }
    }

    private static async Task JoinViewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WarehouseTable table, ResolvedView view,
        EntityFrame frame, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand(ViewQuery(table, view), connection, transaction);
        query.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(0, frame.Rows.Count).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        query.Parameters.Add(new NpgsqlParameter { Value = frame.Timestamps, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        query.Parameters.Add(new NpgsqlParameter { Value = view.View.Ttl, NpgsqlDbType = NpgsqlDbType.Interval });
        foreach (var key in view.JoinKeys)
        {
            query.Parameters.Add(new NpgsqlParameter { Value = frame.Keys[key], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }
        try
        {
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = frame.Rows[reader.GetInt32(0)];
                for (var i = 0; i < view.Features.Count; i++)
                {
                    row[view.Column(view.Features[i])] = FeatureValues.Read(reader, i + 1, view.Features[i].Type!);
                }
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.NumericValueOutOfRange)
        {
            throw new WarehouseInputException("entityRows", $"A join key value does not fit its column in feature view '{view.Name}': {e.MessageText}");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw WarehouseCatalog.Denied($"featureService ({view.Name}).table", view.View.Dataset!, view.View.Table!);
        }
    }

    /// <summary>The join of one view; every identifier in it comes from the catalog-checked definition.</summary>
    public static string ViewQuery(WarehouseTable table, ResolvedView view)
    {
        var ts = Sql.Quote(view.View.TimestampColumn!);
        var keyNames = view.JoinKeys.Select((_, i) => $"k{i}");
        var features = string.Join(", ", view.Features.Select((f, i) => $"CAST(t.{Sql.Quote(f.Name!)} AS {FeatureTypes.Cast(f.Type!)}) AS v{i}"));
        var matches = string.Join(" AND ", view.JoinKeys.Select((k, i) => $"t.{Sql.Quote(k)} = CAST(e.k{i} AS {KeyCast(table.Columns[k])})"));
        var keyArrays = string.Concat(view.JoinKeys.Select((_, i) => $", ${i + 4}::text[]"));
        return $"""
            SELECT e.n, {string.Join(", ", view.Features.Select((_, i) => $"f.v{i}"))}
            FROM unnest($1::int[], $2::timestamptz[]{keyArrays}) AS e(n, ts{string.Concat(keyNames.Select(k => ", " + k))})
            CROSS JOIN LATERAL (
                SELECT {features}
                FROM {table.QualifiedName} t
                WHERE {matches} AND t.{ts} <= e.ts AND t.{ts} >= e.ts - $3::interval
                ORDER BY t.{ts} DESC
                LIMIT 1) f
            """;
    }

    private static string KeyCast(string columnType) => columnType switch
    {
        "bigint" or "integer" or "smallint" or "uuid" => columnType,
        _ => "text",
    };
}
