using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Inference.Model;
using Npgsql;

namespace MlOps.Inference.Jobs;

/// <summary>The batch_jobs table: submission (idempotent by client key), leases, per-chunk progress and the outcome.</summary>
public sealed class JobStore(NpgsqlDataSource db, IOptions<JobOptions> options, MlOps.ServiceDefaults.Messaging.OutboxWriter outbox)
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>This instance's name on the leases it holds.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public string InputPath(Guid id) => Path.Combine(options.Value.Root, id.ToString("N"), "input");

    public string ResultsPath(Guid id) => Path.Combine(options.Value.Root, id.ToString("N"), "results.csv");

    /// <summary>Inserts the job unless the tenant already has one with this client key; returns the job and whether it is new.</summary>
    public async Task<(BatchJobResponse Job, bool Created)> SubmitAsync(Guid id, string tenant, string? clientKey, string model, string format, string onRowError,
        long inputBytes, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batch_jobs (id, tenant_id, client_key, model_name, format, on_row_error, status, input_bytes)
            VALUES (@id, @tenant, @clientKey, @model, @format, @onRowError, 'queued', @inputBytes) ON CONFLICT (tenant_id, client_key) DO NOTHING
            """, new { id, tenant, clientKey, model, format, onRowError, inputBytes }, cancellationToken: cancellationToken));
        var job = inserted == 1 ? await FindAsync(tenant, id, cancellationToken) : await FindByKeyAsync(tenant, clientKey!, cancellationToken);
        return (job!, inserted == 1);
    }

    public async Task<BatchJobResponse?> FindAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BatchJobResponse>(new CommandDefinition(
            $"{BatchJobResponse.SelectFrom} WHERE tenant_id = @tenant AND id = @id", new { tenant, id }, cancellationToken: cancellationToken));
    }

    public async Task<BatchJobResponse?> FindByKeyAsync(string tenant, string clientKey, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BatchJobResponse>(new CommandDefinition(
            $"{BatchJobResponse.SelectFrom} WHERE tenant_id = @tenant AND client_key = @clientKey", new { tenant, clientKey }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Takes the oldest job nobody holds a live lease on (queued, or running under an expired lease) and counts the claim;
    /// committed progress resets the count, so it counts the runs that ended without any.
    /// </summary>
    public async Task<ClaimedJob?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClaimedJob>(new CommandDefinition(
            """
            UPDATE batch_jobs SET status = 'running', lease_owner = @owner, lease_until = now() + @lease, started_at = COALESCE(started_at, now()),
                                  claims_without_progress = claims_without_progress + 1
            WHERE id = (SELECT id FROM batch_jobs WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, tenant_id AS Tenant, model_name AS Model, model_version AS Version, format, on_row_error AS OnRowError, rows_done AS RowsDone,
                      output_bytes AS OutputBytes, rows_skipped AS RowsSkipped, claims_without_progress AS Claims
            """, new { owner = Owner, lease = options.Value.Lease }, cancellationToken: cancellationToken));
    }

    public async Task PinVersionAsync(Guid id, int version, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE batch_jobs SET model_version = @version WHERE id = @id AND lease_owner = @owner",
            new { id, version, owner = Owner }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Records a committed chunk (input rows done, results length, rows it skipped and the ones of those still to list) and
    /// renews the lease; false when the lease was lost to another replica.
    /// </summary>
    public async Task<bool> CommitChunkAsync(Guid id, long rowsDone, long outputBytes, int skipped, IReadOnlyList<SkippedRow> listed, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE batch_jobs SET rows_done = @rowsDone, output_bytes = @outputBytes, rows_skipped = rows_skipped + @skipped,
                                  skipped_rows = skipped_rows || @listed::jsonb, claims_without_progress = 0, lease_until = now() + @lease
            WHERE id = @id AND lease_owner = @owner
            """,
            new { id, rowsDone, outputBytes, skipped, listed = System.Text.Json.JsonSerializer.Serialize(listed, Json), lease = options.Value.Lease, owner = Owner },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Hands a job this instance still holds back at once (its scoring stopped, committed chunks kept), so another replica
    /// resumes it from the last commit instead of after the lease. A stop is not the job's fault: the claim is not counted
    /// against MaxAttempts. False when it was no longer held.
    /// </summary>
    public async Task<bool> ReleaseAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE batch_jobs SET lease_owner = NULL, lease_until = NULL, claims_without_progress = GREATEST(claims_without_progress - 1, 0)
            WHERE id = @id AND lease_owner = @owner AND status = 'running'
            """, new { id, owner = Owner }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task FinishAsync(Guid id, string status, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var job = await connection.QuerySingleOrDefaultAsync<(string Tenant, string Model)?>(new CommandDefinition("""
            UPDATE batch_jobs SET status = @status, error = @error, finished_at = now(), lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner RETURNING tenant_id, model_name
            """, new { id, status, error, owner = Owner }, transaction, cancellationToken: cancellationToken));
        if (job is { } failed && status == "failed")
        {
            // Incident hears of every failed job, in the same transaction as the failure itself.
            await outbox.EnqueueAsync(transaction, new MlOps.Contracts.BatchJobFailed
            {
                TenantId = failed.Tenant, ModelName = failed.Model, JobId = id, Error = error ?? "failed",
            }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
