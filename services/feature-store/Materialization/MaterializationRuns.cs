using Dapper;
using Npgsql;

namespace MlOps.FeatureStore.Materialization;

/// <summary>The queue and history of materialization runs.</summary>
public sealed class MaterializationRuns(NpgsqlDataSource db, MaterializationSignal signal)
{
    private const string Select = """
        SELECT id, trigger, views, status, views_done AS viewsDone, rows_read AS rowsRead, rows_written AS rowsWritten, attempts, error,
               details::text AS detailsJson, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt
        FROM materialization_runs
        """;

    /// <summary>
    /// Queues a run, or returns the tenant's run already queued for the same views (and not started): triggers that arrive
    /// together collapse into one run.
    /// </summary>
    public async Task<MaterializationRun> EnqueueAsync(string tenant, string trigger, string[]? views, CancellationToken cancellationToken)
    {
        Guid id;
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            id = await EnqueueAsync(transaction, tenant, trigger, views, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        signal.Notify();
        return (await GetAsync(tenant, id, cancellationToken))!;
    }

    /// <summary>Queues a run in the caller's transaction (a consumer's inbox transaction); the caller wakes the worker after commit.</summary>
    public static async Task<Guid> EnqueueAsync(NpgsqlTransaction transaction, string tenant, string trigger, string[]? views,
        CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@lock, 0))",
            new { @lock = "materialize-queue:" + tenant }, transaction, cancellationToken: cancellationToken));
        var id = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            SELECT id FROM materialization_runs
            WHERE tenant_id = @tenant AND status = 'queued' AND views IS NOT DISTINCT FROM @views::text[] ORDER BY id LIMIT 1
            """, new { tenant, views }, transaction, cancellationToken: cancellationToken));
        if (id is { } existing)
        {
            return existing;
        }
        var created = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO materialization_runs (id, tenant_id, trigger, views, status) VALUES (@created, @tenant, @trigger, @views::text[], 'queued')
            """, new { created, tenant, trigger, views }, transaction, cancellationToken: cancellationToken));
        return created;
    }

    public async Task<MaterializationRun?> GetAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<MaterializationRun>(new CommandDefinition(Select + " WHERE tenant_id = @tenant AND id = @id",
            new { tenant, id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<MaterializationRun>> ListAsync(string tenant, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<MaterializationRun>(new CommandDefinition(Select + " WHERE tenant_id = @tenant ORDER BY id DESC LIMIT @limit",
            new { tenant, limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Records progress after a view was swapped in (its own statement, so the API shows it while the run goes on).</summary>
    public async Task ProgressAsync(Guid id, long rowsRead, long rowsWritten, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE materialization_runs SET views_done = views_done + 1, rows_read = rows_read + @rowsRead, rows_written = rows_written + @rowsWritten,
                details = details || @detail::jsonb
            WHERE id = @id
            """, new { id, rowsRead, rowsWritten, detail }, cancellationToken: cancellationToken));
    }

    public async Task FinishAsync(Guid id, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE materialization_runs SET status = CASE WHEN @error IS NULL THEN 'succeeded' ELSE 'failed' END, error = @error, finished_at = now()
            WHERE id = @id
            """, new { id, error }, cancellationToken: cancellationToken));
    }
}
