using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MlOps.Trainer.Services;

/// <summary>Marks runs left "running" by a trainer that stopped mid-run as failed, so a redelivered command may train again.</summary>
public sealed class AbandonedRunSweeper(NpgsqlDataSource db, IOptions<TrainerOptions> options, ILogger<AbandonedRunSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AbandonedRunSweepInterval);
        do
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                var swept = await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE training_runs SET status = 'failed', finished_at = now(),
                        message = 'abandoned: the trainer stopped before the run finished'
                    WHERE status = 'running' AND started_at < now() - @after
                    """, new { after = options.Value.AbandonedRunAfter }, cancellationToken: stoppingToken));
                if (swept > 0)
                {
                    TrainerLog.RunsAbandoned(logger, swept);
                }
            }
            catch (NpgsqlException e)
            {
                TrainerLog.SweepFailed(logger, e);
            }
        }
        while (await timer.TickOrStopAsync(stoppingToken));
    }
}
