using Dapper;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>
/// The shared side of quotas in PostgreSQL: replicas lease chunks of a window (granted never passes the limit, under a
/// row lock), report what they charged, and hand back what they did not use. Each replica's lease is a row it renews;
/// a replica that stops renewing (it died) has its lease reclaimed by the others once its time-to-live has passed.
/// </summary>
public sealed class QuotaLedger(NpgsqlDataSource db, OutboxWriter outbox)
{
    /// <summary>This replica's id in the lease rows: new for every process, so a restarted replica never renews a dead one's leases.</summary>
    public Guid ReplicaId { get; } = Guid.NewGuid();

    /// <summary>Leases up to <paramref name="want"/> of the window; returns what was leased and the window's total granted after it.</summary>
    public Task<LeaseResult> LeaseAsync(QuotaSpec spec, long want, CancellationToken cancellationToken) =>
        LeaseAsync(spec, ReplicaId, want, cancellationToken);

    /// <summary>The same for a given replica (tests stand in for a replica that dies holding a lease).</summary>
    public async Task<LeaseResult> LeaseAsync(QuotaSpec spec, Guid replica, long want, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<LeaseResult>(new CommandDefinition(
            """
            INSERT INTO llm_quota_windows (key_id, kind, window_start, limit_amount) VALUES (@KeyId, @Kind, @WindowStart, @Limit)
            ON CONFLICT DO NOTHING;
            WITH current AS (
                SELECT granted FROM llm_quota_windows WHERE key_id = @KeyId AND kind = @Kind AND window_start = @WindowStart FOR UPDATE),
            granting AS (
                UPDATE llm_quota_windows w
                SET limit_amount = @Limit, granted = w.granted + LEAST(@want, GREATEST(0, @Limit - current.granted))
                FROM current
                WHERE w.key_id = @KeyId AND w.kind = @Kind AND w.window_start = @WindowStart
                RETURNING LEAST(@want, GREATEST(0, @Limit - current.granted)) AS leased, w.granted AS granted),
            lease AS (
                INSERT INTO llm_quota_leases (key_id, kind, window_start, replica_id, leased)
                SELECT @KeyId, @Kind, @WindowStart, @replica, leased FROM granting WHERE leased > 0
                ON CONFLICT (key_id, kind, window_start, replica_id)
                DO UPDATE SET leased = llm_quota_leases.leased + excluded.leased, renewed_at = now())
            SELECT leased, granted FROM granting
            """,
            new { spec.KeyId, spec.Kind, spec.WindowStart, spec.Limit, want, replica }, cancellationToken: cancellationToken));
    }

    /// <summary>What one lease got, and the window's total granted after it.</summary>
    public sealed record LeaseResult(long Leased, long Granted);

    /// <summary>
    /// Adds a replica's new charges, hands back an unused lease, and records any charge beyond what was leased; a budget
    /// whose charges cross its soft-alert share publishes LlmBudgetAlerted once per window, in the same transaction.
    /// Returns false when the lease had been reclaimed (this replica was taken for dead): its charges and the
    /// <paramref name="reserved"/> amount of requests still in flight are then granted again, and its unused share is gone.
    /// </summary>
    public async Task<bool> ReportAsync(QuotaSpec spec, long charged, long returned, long overdrawn, long reserved, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The window's row is locked first, as leasing does, so that a lease and a report of one window cannot deadlock.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT 1 FROM llm_quota_windows WHERE key_id = @KeyId AND kind = @Kind AND window_start = @WindowStart FOR UPDATE",
            new { spec.KeyId, spec.Kind, spec.WindowStart }, transaction, cancellationToken: cancellationToken));
        var outstanding = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            UPDATE llm_quota_leases SET leased = leased - @returned + @overdrawn, charged = charged + @charged, renewed_at = now()
            WHERE key_id = @KeyId AND kind = @Kind AND window_start = @WindowStart AND replica_id = @ReplicaId
            RETURNING leased - charged
            """,
            new { spec.KeyId, spec.Kind, spec.WindowStart, ReplicaId, charged, returned, overdrawn }, transaction, cancellationToken: cancellationToken));
        var held = outstanding is not null;
        if (!held && charged + reserved > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO llm_quota_leases (key_id, kind, window_start, replica_id, leased, charged)
                VALUES (@KeyId, @Kind, @WindowStart, @ReplicaId, @leased, @charged)
                """,
                new { spec.KeyId, spec.Kind, spec.WindowStart, ReplicaId, leased = charged + reserved, charged }, transaction, cancellationToken: cancellationToken));
        }
        else if (outstanding == 0)
        {
            // Nothing of the window is left with this replica: its row goes (a new lease writes a new one).
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM llm_quota_leases WHERE key_id = @KeyId AND kind = @Kind AND window_start = @WindowStart AND replica_id = @ReplicaId",
                new { spec.KeyId, spec.Kind, spec.WindowStart, ReplicaId }, transaction, cancellationToken: cancellationToken));
        }
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            UPDATE llm_quota_windows SET charged = charged + @charged, granted = granted + @granted
            WHERE key_id = @KeyId AND kind = @Kind AND window_start = @WindowStart
            RETURNING charged
            """,
            new { spec.KeyId, spec.Kind, spec.WindowStart, charged, granted = held ? overdrawn - returned : charged + reserved },
            transaction, cancellationToken: cancellationToken));
        if (spec.AlertAt is { } alertAt && total >= alertAt && await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE llm_quota_windows SET alerted_at = now() WHERE key_id = @KeyId AND kind = @Kind AND window_start = @WindowStart AND alerted_at IS NULL",
                new { spec.KeyId, spec.Kind, spec.WindowStart }, transaction, cancellationToken: cancellationToken)) == 1)
        {
            var tenant = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT tenant_id FROM api_keys WHERE id = @KeyId", new { spec.KeyId }, transaction, cancellationToken: cancellationToken));
            await outbox.EnqueueAsync(transaction, new LlmBudgetAlerted
            {
                TenantId = tenant ?? "", KeyId = spec.KeyId, Budget = spec.Kind, Limit = spec.Limit, Charged = total,
                WindowStart = spec.WindowStart, WindowEnd = spec.WindowEnd,
            }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return held;
    }

    /// <summary>
    /// Renews this replica's leases, then reclaims the leases of replicas that have not renewed theirs for
    /// <paramref name="ttl"/> (by the database's clock): what they leased and did not charge returns to the windows.
    /// Returns the number of leases reclaimed.
    /// </summary>
    public async Task<int> RenewAndReclaimAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE llm_quota_leases SET renewed_at = now() WHERE replica_id = @ReplicaId", new { ReplicaId }, cancellationToken: cancellationToken));
        // Windows are locked before leases, in one order, as leasing and reporting lock them: no deadlock among them.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            SELECT 1 FROM llm_quota_windows w
            WHERE EXISTS (SELECT 1 FROM llm_quota_leases l
                          WHERE l.key_id = w.key_id AND l.kind = w.kind AND l.window_start = w.window_start
                            AND l.renewed_at < now() - @ttl AND l.replica_id <> @ReplicaId)
            ORDER BY w.key_id, w.kind, w.window_start
            FOR UPDATE
            """,
            new { ReplicaId, ttl }, transaction, cancellationToken: cancellationToken));
        var reclaimed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            WITH expired AS (
                DELETE FROM llm_quota_leases WHERE renewed_at < now() - @ttl AND replica_id <> @ReplicaId
                RETURNING key_id, kind, window_start, leased - charged AS unused),
            returned AS (
                UPDATE llm_quota_windows w SET granted = w.granted - e.unused
                FROM (SELECT key_id, kind, window_start, sum(unused) AS unused FROM expired GROUP BY key_id, kind, window_start) e
                WHERE w.key_id = e.key_id AND w.kind = e.kind AND w.window_start = e.window_start)
            SELECT count(*)::int FROM expired
            """,
            new { ReplicaId, ttl }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return reclaimed;
    }
}
