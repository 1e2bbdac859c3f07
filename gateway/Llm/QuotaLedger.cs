using Dapper;
using Npgsql;

namespace MlOps.Gateway.Llm;

/// <summary>
/// The shared side of quotas in PostgreSQL: replicas lease chunks of a window (granted never passes the limit, under a
/// row lock), report what they charged, and hand back what they did not use.
/// </summary>
public sealed class QuotaLedger(NpgsqlDataSource db)
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

    /// <summary>Adds a replica's new charges, hands back an unused lease, and records any charge beyond what was leased.</summary>
    public async Task ReportAsync(QuotaSpec spec, long charged, long returned, long overdrawn, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE llm_quota_windows SET charged = charged + @charged, granted = granted - @returned + @overdrawn
            WHERE key_id = @KeyId AND kind = @Kind AND window_start = @WindowStart
            """,
            new { spec.KeyId, spec.Kind, spec.WindowStart, charged, returned, overdrawn }, cancellationToken: cancellationToken));
    }
}
