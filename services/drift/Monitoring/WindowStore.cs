using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using Npgsql;

namespace MlOps.Drift.Monitoring;

/// <summary>Windows and their batches in PostgreSQL: appended by the consumer, closed by size or age, claimed with a lease for evaluation.</summary>
public sealed class WindowStore(NpgsqlDataSource db, IOptions<DriftOptions> options)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>This instance's name on the leases it holds.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Adds a logged batch to the model version's open data window (opening one if needed); true when this batch closed it.</summary>
    public Task<bool> AppendAsync(NpgsqlTransaction transaction, PredictionsLogged logged, CancellationToken cancellationToken)
    {
        var batch = WindowBatch.From(logged);
        return AppendAsync(transaction, new WindowKey(logged.TenantId, logged.ModelName, logged.Version, WindowKind.Data), logged.Id, batch.Rows, batch.Serialize(), options.Value.WindowRows, cancellationToken);
    }

    /// <summary>Adds labelled scores to the model version's open performance window; true when they closed it.</summary>
    public Task<bool> AppendAsync(NpgsqlTransaction transaction, PredictionLabelsRecorded labelled, CancellationToken cancellationToken) =>
        AppendAsync(transaction, new WindowKey(labelled.TenantId, labelled.ModelName, labelled.Version, WindowKind.Performance), labelled.Id, labelled.Labels.Count,
            new LabelBatch(labelled.Scores, labelled.Labels).Serialize(), options.Value.PerformanceWindowLabels, cancellationToken);

    private static async Task<bool> AppendAsync(NpgsqlTransaction transaction, WindowKey key, Guid messageId, int rows, byte[] payload, long limit, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO monitor_windows (id, tenant_id, model_name, version, kind) VALUES (@id, @Tenant, @Model, @Version, @Kind)
            ON CONFLICT (tenant_id, model_name, version, kind) WHERE state = 'open' DO NOTHING
            """, new { id = Guid.CreateVersion7(), key.Tenant, key.Model, key.Version, key.Kind }, transaction, cancellationToken: cancellationToken));
        // The row lock serializes concurrent consumers of the same model version.
        var windowId = await connection.QuerySingleAsync<Guid>(new CommandDefinition(
            "SELECT id FROM monitor_windows WHERE tenant_id = @Tenant AND model_name = @Model AND version = @Version AND kind = @Kind AND state = 'open' FOR UPDATE",
            key, transaction, cancellationToken: cancellationToken));
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO window_batches (window_id, message_id, row_count, payload) VALUES (@windowId, @messageId, @rows, @payload) ON CONFLICT DO NOTHING",
            new { windowId, messageId, rows, payload }, transaction, cancellationToken: cancellationToken));
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
            """, new { windowId, rows = (long)rows, limit }, transaction, cancellationToken: cancellationToken));
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
            UPDATE monitor_windows SET lease_until = now() + @lease, lease_owner = @owner, attempts = attempts + 1
            WHERE id = (SELECT id FROM monitor_windows WHERE state = 'closed' AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY closed_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id AS Id, kind AS Kind, tenant_id AS TenantId, model_name AS ModelName, version AS Version, row_count AS RowCount, opened_at AS OpenedAt, closed_at AS ClosedAt, attempts AS Attempts
            """, new { lease = Lease, owner = Owner }, cancellationToken: cancellationToken));
    }

    /// <summary>Streams a data window's batches into a bounded sample.</summary>
    public async Task<WindowSample> ReadSampleAsync(Guid windowId, CancellationToken cancellationToken)
    {
        var sample = new WindowSample(options.Value.WindowSampleRows, seed: windowId.GetHashCode());
        await ReadPayloadsAsync(windowId, payload => sample.Add(WindowBatch.Deserialize(payload)), cancellationToken);
        return sample;
    }

    /// <summary>A performance window's labelled scores, row-aligned (bounded by the window's label count).</summary>
    public async Task<(List<double> Scores, List<double> Labels)> ReadLabelsAsync(Guid windowId, CancellationToken cancellationToken)
    {
        var (scores, labels) = (new List<double>(), new List<double>());
        await ReadPayloadsAsync(windowId, payload =>
        {
            var batch = LabelBatch.Deserialize(payload);
            scores.AddRange(batch.Scores);
            labels.AddRange(batch.Labels);
        }, cancellationToken);
        return (scores, labels);
    }

    private async Task ReadPayloadsAsync(Guid windowId, Action<byte[]> read, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT payload FROM window_batches WHERE window_id = @id ORDER BY message_id", connection);
        command.Parameters.AddWithValue("id", windowId);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read(await reader.GetFieldValueAsync<byte[]>(0, cancellationToken));
        }
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
            "UPDATE monitor_windows SET state = @state, error = @error, lease_until = NULL, lease_owner = NULL WHERE id = @windowId; DELETE FROM window_batches WHERE window_id = @windowId",
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

    /// <summary>
    /// Hands a window this instance still holds back at once (its evaluation stopped before committing), so another replica
    /// takes it at its next sweep instead of after the lease; false when it was no longer held.
    /// </summary>
    public async Task<bool> ReleaseAsync(Guid windowId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE monitor_windows SET lease_until = NULL, lease_owner = NULL WHERE id = @windowId AND lease_owner = @owner AND state = 'closed'",
            new { windowId, owner = Owner }, cancellationToken: cancellationToken)) == 1;
    }
}
