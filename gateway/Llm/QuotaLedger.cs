using Dapper;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Gateway.Llm;

/// <summary>
/// The shared side of quotas in PostgreSQL: replicas lease chunks of a window (granted never passes the limit, under a
/// row lock), report what they charged, and hand back what they did not use.
/// </summary>
public sealed class QuotaLedger(NpgsqlDataSource db, OutboxWriter outbox)
{
    /// <summary>Leases up to <paramref name="want"/> of the window; returns what was leased and the window's total granted after it.</summary>
    public async Task<LeaseResult> LeaseAsync(QuotaSpec spec, long want, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<LeaseResult>(new CommandDefinition(
            """
            INSERT INTO llm_quota_windows (key_id, kind, window_start, limit_amount) VALUES (@KeyId, @Kind, @WindowStart, @Limit)
            ON CONFLICT DO NOTHING;
            WITH current AS (
                SELECT granted FROM llm_quota_windows WHERE key_id = @KeyId AND kind = @Kind AND window_start = @WindowStart FOR UPDATE)
            UPDATE llm_quota_windows w
            SET limit_amount = @Limit, granted = w.granted + LEAST(@want, GREATEST(0, @Limit - current.granted))
            FROM current
            WHERE w.key_id = @KeyId AND w.kind = @Kind AND w.window_start = @WindowStart
            RETURNING LEAST(@want, GREATEST(0, @Limit - current.granted)) AS leased, w.granted AS granted
            """,
            new { spec.KeyId, spec.Kind, spec.WindowStart, spec.Limit, want }, cancellationToken: cancellationToken));
    }

    /// <summary>What one lease got, and the window's total granted after it.</summary>
    public sealed record LeaseResult(long Leased, long Granted);

    /// <summary>
    /// Adds a replica's new charges, hands back an unused lease, and records any charge beyond what was leased; a budget
    /// whose charges cross its soft-alert share publishes LlmBudgetAlerted once per window, in the same transaction.
    /// </summary>
    public async Task ReportAsync(QuotaSpec spec, long charged, long returned, long overdrawn, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            UPDATE llm_quota_windows SET charged = charged + @charged, granted = granted - @returned + @overdrawn
            WHERE key_id = @KeyId AND kind = @Kind AND window_start = @WindowStart
            RETURNING charged
            """,
            new { spec.KeyId, spec.Kind, spec.WindowStart, charged, returned, overdrawn }, transaction, cancellationToken: cancellationToken));
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
    }
}
