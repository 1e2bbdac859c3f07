using Dapper;
using MlOps.Contracts;
using MlOps.Ingest.Loading;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Ingest.Runs;

/// <summary>A committed load, recorded in one transaction: the run's outcome, the dataset's row and a DatasetLoaded per table.</summary>
public sealed class DatasetRecorder(NpgsqlDataSource db, OutboxWriter outbox, DatasetFreshness freshness, TimeProvider time)
{
    /// <summary>False when the run's lease was lost (another replica records it).</summary>
    public async Task<bool> RecordAsync(ClaimedRun run, string owner, string dataset, bool warehouse, LoadOutcome outcome,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await RunStore.SucceedAsync(transaction, run.Id, owner, outcome, cancellationToken) == 0)
        {
            return false;
        }
        var rows = outcome.Tables.Sum(t => t.RowsLoaded);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO datasets (id, tenant_id, name, current_version, row_count, last_load_id, schema_hash)
            VALUES (@id, @tenant, @dataset, 1, @rows, @loadId, @hash)
            ON CONFLICT (tenant_id, name) DO UPDATE SET current_version = datasets.current_version + 1, row_count = datasets.row_count + @rows,
                last_load_id = @loadId, schema_hash = @hash, updated_at = now()
            """, new { id = Guid.CreateVersion7(), tenant = run.TenantId, dataset, rows, loadId = outcome.LoadId, hash = outcome.SchemaHash },
            transaction, cancellationToken: cancellationToken));
        foreach (var table in outcome.Tables)
        {
            await outbox.EnqueueAsync(transaction, new DatasetLoaded
            {
                TenantId = run.TenantId, Pipeline = run.PipelineName, Dataset = dataset, Table = table.Table, LoadId = outcome.LoadId,
                Rows = table.RowsLoaded, SchemaHash = outcome.SchemaHash, CorrelationId = run.Id,
                Data = warehouse
                    ? new TrainingDataRef
                    {
                        TenantId = run.TenantId, Dataset = dataset, Table = table.Table, Load = outcome.LoadId.ToString(), LabelColumn = "",
                    }
                    : null,
            }, cancellationToken);
        }
        foreach (var failed in outcome.Quality.Where(q => !q.Passed))
        {
            await outbox.EnqueueAsync(transaction, new DataQualityFailed
            {
                TenantId = run.TenantId, Pipeline = run.PipelineName, Dataset = dataset, Table = failed.Table, LoadId = outcome.LoadId,
                Check = failed.Check, Column = failed.Column, Detail = failed.Detail, Committed = true, CorrelationId = run.Id,
            }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        freshness.Loaded(run.TenantId, dataset, time.GetUtcNow());
        return true;
    }

    /// <summary>A load failed by a blocking quality check: the run fails and DataQualityFailed is published, together.</summary>
    public async Task RecordBlockedAsync(ClaimedRun run, string owner, string dataset, QualityResult check, string error,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await RunStore.FinishAsync(connection, transaction, run.Id, owner, "failed", error, cancellationToken);
        if (updated == 0)
        {
            return;
        }
        await outbox.EnqueueAsync(transaction, new DataQualityFailed
        {
            TenantId = run.TenantId, Pipeline = run.PipelineName, Dataset = dataset, Table = check.Table, LoadId = run.LoadId,
            Check = check.Check, Column = check.Column, Detail = check.Detail, Committed = false, CorrelationId = run.Id,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
