using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using Npgsql;

namespace MlOps.Drift.Monitoring;

/// <summary>Windows and their batches in PostgreSQL: appended by the consumer, closed by size or age, claimed with a lease for evaluation.</summary>
public sealed class WindowStore(NpgsqlDataSource db, IOptions<DriftOptions> options)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Adds a logged batch to the model version's open window (opening one if needed); true when this batch closed it.</summary>
    public async Task<bool> AppendAsync(NpgsqlTransaction transaction, PredictionsLogged logged, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var key = new { id = Guid.CreateVersion7(), tenant = logged.TenantId, model = logged.ModelName, version = logged.Version };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO monitor_windows (id, tenant_id, model_name, version) VALUES (@id, @tenant, @model, @version)
            ON CONFLICT (tenant_id, model_name, version) WHERE state = 'open' DO NOTHING
            """, key, transaction, cancellationToken: cancellationToken));
        // The row lock serializes concurrent consumers of the same model version.
        var windowId = await connection.QuerySingleAsync<Guid>(new CommandDefinition(
            "SELECT id FROM monitor_windows WHERE tenant_id = @tenant AND model_name = @model AND version = @version AND state = 'open' FOR UPDATE",
            key, transaction, cancellationToken: cancellationToken));
        var batch = WindowBatch.From(logged);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO window_batches (window_id, message_id, row_count, payload) VALUES (@windowId, @messageId, @rows, @payload) ON CONFLICT DO NOTHING",
            new { windowId, messageId = logged.Id, rows = batch.Rows, payload = batch.Serialize() }, transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return false;
        }
        var state = await connection.QuerySingleAsync<string>(new CommandDefinition(
            """
            UPDATE monitor_windows SET row_count = row_count + @rows,
                state = CASE WHEN row_count + @rows >= @limit THEN 'closed' ELSE 'open' END,
                closed_at = CASE WHEN row_count + @rows >= @limit THEN now() END
            WHERE id = @windowId RETURNING state
            """, new { windowId, rows = (long)batch.Rows, limit = options.Value.WindowRows }, transaction, cancellationToken: cancellationToken));
        return state == "closed";
    }

    /// <summary>Closes open windows older than the window duration.</summary>
    public async Task<int> CloseExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE monitor_windows SET state = 'closed', closed_at = now() WHERE state = 'open' AND opened_at < now() - @duration",
            new { duration = options.Value.WindowDuration }, cancellationToken: cancellationToken));
    }

    /// <summary>Takes the oldest closed window nobody holds a live lease on.</summary>
    public async Task<ClaimedWindow?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClaimedWindow>(new CommandDefinition(
            """
            UPDATE monitor_windows SET lease_until = now() + @lease, attempts = attempts + 1
            WHERE id = (SELECT id FROM monitor_windows WHERE state = 'closed' AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY closed_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id AS Id, tenant_id AS TenantId, model_name AS ModelName, version AS Version, row_count AS RowCount, opened_at AS OpenedAt, closed_at AS ClosedAt, attempts AS Attempts
            """, new { lease = Lease }, cancellationToken: cancellationToken));
    }

    /// <summary>Streams the window's batches into a bounded sample.</summary>
    public async Task<WindowSample> ReadSampleAsync(Guid windowId, CancellationToken cancellationToken)
    {
        var sample = new WindowSample(options.Value.WindowSampleRows, seed: windowId.GetHashCode());
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT payload FROM window_batches WHERE window_id = @id ORDER BY message_id", connection);
        command.Parameters.AddWithValue("id", windowId);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sample.Add(WindowBatch.Deserialize(await reader.GetFieldValueAsync<byte[]>(0, cancellationToken)));
        }
        return sample;
    }

    /// <summary>Ends a window without a report (too few rows, no reference profile), dropping its batches.</summary>
    public async Task FinishAsync(Guid windowId, string state, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await FinishAsync(transaction, windowId, state, error, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public static async Task FinishAsync(NpgsqlTransaction transaction, Guid windowId, string state, string? error, CancellationToken cancellationToken)
    {
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "UPDATE monitor_windows SET state = @state, error = @error, lease_until = NULL WHERE id = @windowId; DELETE FROM window_batches WHERE window_id = @windowId",
            new { windowId, state, error }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Gives the lease back early so a transient failure is retried after a short pause, not the whole lease.</summary>
    public async Task RetryLaterAsync(Guid windowId, string error, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE monitor_windows SET lease_until = now() + @delay, error = @error WHERE id = @windowId",
            new { windowId, error, delay }, cancellationToken: cancellationToken));
    }
}
