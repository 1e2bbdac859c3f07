using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Model;
using Npgsql;

namespace MlOps.Ingest.Runs;

/// <summary>The pipeline_runs table: queueing (one active run per pipeline), leases, progress, cancellation and outcomes.</summary>
public sealed class RunStore(NpgsqlDataSource db, IOptions<IngestOptions> options, MlOps.ServiceDefaults.Messaging.OutboxWriter outbox)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Queues a run of the pipeline; null when it already has one queued or running.</summary>
    public async Task<PipelineRunResponse?> EnqueueAsync(NpgsqlConnection connection, string tenant, Guid pipelineId, string pipeline, string trigger,
        CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pipeline_runs (id, tenant_id, pipeline_id, pipeline_name, trigger, status, load_id)
            VALUES (@id, @tenant, @pipelineId, @pipeline, @trigger, 'queued', @loadId)
            ON CONFLICT (pipeline_id) WHERE status IN ('queued', 'running') DO NOTHING
            """, new { id, tenant, pipelineId, pipeline, trigger, loadId = Guid.CreateVersion7() }, cancellationToken: cancellationToken));
        return inserted == 1 ? await FindAsync(connection, tenant, pipeline, id, cancellationToken) : null;
    }

    public async Task<PipelineRunResponse?> ActiveAsync(string tenant, string pipeline, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PipelineRunResponse>(new CommandDefinition(
            $"{PipelineRunResponse.SelectFrom} WHERE tenant_id = @tenant AND pipeline_name = @pipeline AND status IN ('queued', 'running')",
            new { tenant, pipeline }, cancellationToken: cancellationToken));
    }

    public async Task<PipelineRunResponse?> FindAsync(string tenant, string pipeline, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, tenant, pipeline, id, cancellationToken);
    }

    private static Task<PipelineRunResponse?> FindAsync(NpgsqlConnection connection, string tenant, string pipeline, Guid id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<PipelineRunResponse>(new CommandDefinition(
            $"{PipelineRunResponse.SelectFrom} WHERE tenant_id = @tenant AND pipeline_name = @pipeline AND id = @id",
            new { tenant, pipeline, id }, cancellationToken: cancellationToken));

    /// <summary>Takes the oldest run nobody holds a live lease on, counting the claim.</summary>
    public async Task<ClaimedRun?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClaimedRun>(new CommandDefinition(
            """
            UPDATE pipeline_runs SET status = 'running', lease_owner = @owner, lease_until = now() + @lease, started_at = COALESCE(started_at, now()),
                                     claims = claims + 1
            WHERE id = (SELECT r.id FROM pipeline_runs r
                        WHERE r.status IN ('queued', 'running') AND (r.lease_until IS NULL OR r.lease_until < now())
                          -- a tenant at its cap waits, so one tenant's pipelines cannot hold every worker
                          AND (SELECT count(*) FROM pipeline_runs a WHERE a.tenant_id = r.tenant_id AND a.status = 'running'
                               AND a.lease_until >= now()) < @perTenant
                        ORDER BY r.created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, tenant_id AS TenantId, pipeline_id AS PipelineId, pipeline_name AS PipelineName, load_id AS LoadId, claims
            """, new { owner = Owner, lease = options.Value.RunLease, perTenant = options.Value.MaxActiveRunsPerTenant },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Gives back a run this replica holds as it stops, still running, so another replica takes it at its next poll rather
    /// than when the lease runs out; its committed state is what the next claim starts from. False when it was no longer held.
    /// </summary>
    public async Task<bool> ReleaseAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pipeline_runs SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner AND status = 'running'",
            new { id, owner = Owner }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Records progress and renews the lease; returns whether a cancel was asked (null when the lease was lost).</summary>
    public async Task<bool?> ProgressAsync(Guid id, LoadProgress progress, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            """
            UPDATE pipeline_runs SET rows_read = @Rows, bytes_read = @Bytes, lease_until = now() + @lease
            WHERE id = @id AND lease_owner = @owner RETURNING cancel_requested
            """, new { id, progress.Rows, progress.Bytes, lease = options.Value.RunLease, owner = Owner }, cancellationToken: cancellationToken));
    }

    /// <summary>Asks a queued or running run to stop; a queued one is cancelled at once. False when it is not active.</summary>
    public async Task<bool> CancelAsync(string tenant, string pipeline, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE pipeline_runs SET cancel_requested = true,
                   status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
                   finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END
            WHERE tenant_id = @tenant AND pipeline_name = @pipeline AND id = @id AND status IN ('queued', 'running')
            """, new { tenant, pipeline, id }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Records a committed load's outcome, in the caller's transaction (with the dataset row and the events).</summary>
    public static Task<int> SucceedAsync(NpgsqlTransaction transaction, Guid id, string owner, LoadOutcome outcome, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            UPDATE pipeline_runs SET status = 'succeeded', tables = @tables::jsonb, quality = @quality::jsonb, schema_hash = @SchemaHash,
                   bytes_read = @Bytes, rows_read = @RowsRead, finished_at = now(), lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner
            """,
            new
            {
                id, owner, outcome.SchemaHash, outcome.Bytes, outcome.RowsRead,
                tables = JsonSerializer.Serialize(outcome.Tables, Json), quality = JsonSerializer.Serialize(outcome.Quality, Json),
            }, transaction, cancellationToken: cancellationToken));

    public async Task FinishAsync(Guid id, string status, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await FinishAsync(connection, transaction, id, Owner, status, error, cancellationToken) == 1 && status == "failed")
        {
            // Incident hears of every failed run, in the same transaction as the failure itself.
            var (tenant, pipeline) = await connection.QuerySingleAsync<(string, string)>(new CommandDefinition(
                "SELECT tenant_id, pipeline_name FROM pipeline_runs WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
            await outbox.EnqueueAsync(transaction, new MlOps.Contracts.PipelineRunFailed
            {
                TenantId = tenant, Pipeline = pipeline, RunId = id, Error = error ?? "failed",
            }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Ends a run this owner holds; 0 when the lease was lost. In the caller's transaction when it has one (an event goes with it).</summary>
    public static Task<int> FinishAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, string owner, string status, string? error,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pipeline_runs SET status = @status, error = @error, finished_at = now(), lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner",
            new { id, status, error, owner }, transaction, cancellationToken: cancellationToken));
}
