using System.Text.Json;
using Dapper;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Online;
using MlOps.FeatureStore.Warehouse;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.FeatureStore.Materialization;

/// <summary>
/// Copies the latest value per entity of one feature view into the online store, incrementally by event time: only rows
/// after the view's watermark (all of them for a new view version, or when the store no longer holds what the watermark says)
/// are read. The store makes the run's values visible at once, and the watermark commits only after that, so a failure
/// leaves the view as it was (PostgreSQL: one transaction; Redis: see <see cref="RedisOnlineWriter"/>).
/// </summary>
public sealed partial class Materializer(NpgsqlDataSource db, IOnlineStore store, WarehouseCatalog catalog, TimeProvider time, ILogger<Materializer> logger)
{
    public async Task<ViewMaterialized> MaterializeAsync(string tenant, ResolvedView view, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var mark = await connection.QuerySingleOrDefaultAsync<Watermark>(new CommandDefinition("""
            SELECT view_version AS viewVersion, watermark AS at FROM materialization_watermarks WHERE tenant_id = @tenant AND view_name = @view FOR UPDATE
            """, new { tenant, view = view.Name }, transaction, cancellationToken: cancellationToken));
        var full = mark is null || mark.ViewVersion != view.Version
            || !await store.HoldsAsync(tenant, view.Name, mark.ViewVersion, mark.At, cancellationToken);
        var from = full ? null : mark!.At;
        await using var writer = await store.BeginAsync(connection, transaction, tenant, view, full, now, cancellationToken);
        var (read, to) = await CopyLatestAsync(writer, tenant, view, from, now, cancellationToken);
        var watermark = to is { } t && (from is null || t > from) ? t : from;
        var written = await writer.CompleteAsync(view.Version, watermark, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO materialization_watermarks (tenant_id, view_name, view_version, watermark, updated_at)
            VALUES (@tenant, @view, @version, @watermark, now())
            ON CONFLICT (tenant_id, view_name) DO UPDATE SET view_version = excluded.view_version, watermark = excluded.watermark, updated_at = now()
            """, new { tenant, view = view.Name, version = view.Version, watermark }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        LogMaterialized(logger, tenant, view.Name, read, written, full);
        return new ViewMaterialized(view.Name, view.Version, full, read, written, from, watermark);
    }

    // Streams the latest row per entity after the watermark (and not after now) from the warehouse into the staging table.
    private async Task<(long Rows, DateTime? Latest)> CopyLatestAsync(IOnlineWriter writer, string tenant, ResolvedView view, DateTime? from,
        DateTime now, CancellationToken cancellationToken)
    {
        var (source, transaction) = await catalog.BeginReadAsync(tenant, cancellationToken);
        await using (source)
        await using (transaction)
        {
            var table = await WarehouseCatalog.TableAsync(source, tenant, view.View.Dataset!, view.View.Table!, $"view '{view.Name}' ", cancellationToken);
            await using var query = new NpgsqlCommand(LatestQuery(table, view, from is not null), source, transaction);
            query.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            query.Parameters.Add(new NpgsqlParameter { Value = from ?? DateTime.MinValue, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            long rows = 0;
            DateTime? latest = null;
            await using var reader = await ExecuteAsync(query, view, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var eventTime = reader.GetDateTime(1);
                var key = new string[view.JoinKeys.Count];
                for (var i = 0; i < key.Length; i++)
                {
                    key[i] = reader.GetString(2 + i);
                }
                await writer.WriteAsync(EntityKey(key), reader.GetString(0), eventTime, cancellationToken);
                rows++;
                latest = latest is { } l && l >= eventTime ? l : eventTime;
            }
            return (rows, latest);
        }
    }

    private static async Task<NpgsqlDataReader> ExecuteAsync(NpgsqlCommand query, ResolvedView view, CancellationToken cancellationToken)
    {
        try
        {
            return await query.ExecuteReaderAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw WarehouseCatalog.Denied($"view '{view.Name}' table", view.View.Dataset!, view.View.Table!);
        }
    }

    /// <summary>The latest row per entity key; identifiers come from the catalog-checked definition.</summary>
    public static string LatestQuery(WarehouseTable table, ResolvedView view, bool incremental)
    {
        var ts = "t." + Sql.Quote(view.View.TimestampColumn!);
        var keys = view.JoinKeys.Select(k => "t." + Sql.Quote(k)).ToList();
        var features = string.Join(", ", view.Features.Select(f =>
            $"'{f.Name}', CAST(t.{Sql.Quote(f.Name!)} AS {FeatureTypes.Cast(f.Type!)})"));
        return $"""
            SELECT DISTINCT ON ({string.Join(", ", keys)})
                jsonb_build_object({features})::text, {ts}::timestamptz, {string.Join(", ", keys.Select(k => k + "::text"))}
            FROM {table.QualifiedName} t
            WHERE {string.Join(" AND ", keys.Select(k => k + " IS NOT NULL"))} AND {ts} <= $1{(incremental ? $" AND {ts} > $2" : " AND $2 IS NOT NULL")}
            ORDER BY {string.Join(", ", keys)}, {ts} DESC
            """;
    }

    /// <summary>The online key of an entity: its join key values as text, in order, as a JSON array (made here for writes and lookups alike).</summary>
    public static string EntityKey(IEnumerable<string> values) => JsonSerializer.Serialize(values);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Materialized {Tenant}/{View}: {Read} rows read, {Written} written (full: {Full})")]
    private static partial void LogMaterialized(ILogger logger, string tenant, string view, long read, long written, bool full);

    private sealed record Watermark(int ViewVersion, DateTime? At);
}
