using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Pipelines;
using Npgsql;

namespace MlOps.Ingest.Runs;

/// <summary>
/// Queues a run for every pipeline whose schedule is due and moves its next time on, in one transaction per pipeline
/// under a row lock (SKIP LOCKED), so replicas never queue one occurrence twice; a pipeline still running skips it.
/// </summary>
public sealed class PipelineScheduler(NpgsqlDataSource db, RunStore runs, RunSignal signal, TimeProvider clock, IOptions<IngestOptions> options,
    ILogger<PipelineScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            try
            {
                while (await QueueNextDueAsync(stoppingToken))
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                IngestLog.ScheduleFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Queues one due pipeline's run; false when none is due.</summary>
    public async Task<bool> QueueNextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await connection.QuerySingleOrDefaultAsync<(Guid Id, string TenantId, string Name, string Schedule)?>(new CommandDefinition(
            """
            SELECT id, tenant_id, name, schedule FROM pipelines WHERE schedule IS NOT NULL AND NOT paused AND next_run_at <= @now
            ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED
            """, new { now }, transaction, cancellationToken: cancellationToken));
        if (due is not { } pipeline)
        {
            return false;
        }
        await runs.EnqueueAsync(connection, pipeline.TenantId, pipeline.Id, pipeline.Name, "schedule", cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE pipelines SET next_run_at = @next WHERE id = @id",
            new { pipeline.Id, next = CronSchedule.Next(pipeline.Schedule, now) }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
        return true;
    }
}
