using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using MlOps.Inference.Services;
using Npgsql;

namespace MlOps.Inference.Canary;

/// <summary>
/// Judges running rollouts whose step has been held long enough. Each is judged under its row lock (FOR NO KEY UPDATE SKIP
/// LOCKED: one replica at a time, while the others keep flushing counts): a passed step advances, a failed one rolls back,
/// the last passed step records the load test and asks the registry's gate for champion.
/// </summary>
public sealed class RolloutJudge(NpgsqlDataSource db, RolloutStore rollouts, PromotionClient registry, CanaryWake wake,
    IOptions<CanaryOptions> options, TimeProvider time, ILogger<RolloutJudge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.JudgeInterval, time);
        while (await timer.TickOrStopAsync(stoppingToken))
        {
            try
            {
                foreach (var running in await rollouts.RunningAsync(stoppingToken))
                {
                    try
                    {
                        await JudgeAsync(running.Id, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // This rollout stays as it was (the transaction rolled back); the others are still judged.
                        InferenceLog.JudgeFailed(logger, e);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                InferenceLog.JudgeFailed(logger, e);
            }
        }
    }

    /// <summary>Judges one rollout if no other replica holds it and it is still running; returns the decision taken, if any.</summary>
    public async Task<string?> JudgeAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rollout = (await connection.QuerySingleOrDefaultAsync<RolloutRow>(new CommandDefinition(
            $"SELECT {Rollout.Columns} FROM rollouts WHERE id = @rolloutId AND status = 'running' FOR NO KEY UPDATE SKIP LOCKED",
            new { rolloutId }, transaction, cancellationToken: cancellationToken)))?.ToRollout();
        if (rollout is null)
        {
            return null;
        }
        var figures = StepFigures.From(await RolloutCounts.SumAsync(connection, transaction, rollout, rollout.CurrentStep, cancellationToken));
        var challenger = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT version FROM deployments WHERE tenant_id = @TenantId AND model_name = @ModelName AND alias = 'challenger'",
            rollout, transaction, cancellationToken: cancellationToken));
        string decision;
        string reason;
        if (challenger != rollout.ChallengerVersion)
        {
            (decision, reason) = (CanaryDecided.RolledBack,
                $"the challenger alias moved from version {rollout.ChallengerVersion} to {(challenger is { } v ? $"version {v}" : "nothing")} during step {rollout.CurrentStep + 1}.");
        }
        else if (!rollout.HoldMet(figures, time.GetUtcNow()))
        {
            return null;
        }
        else
        {
            var verdict = StepJudge.Judge(rollout.CurrentStep, rollout.CurrentPercent, rollout.Thresholds, figures);
            (decision, reason) = !verdict.Passed
                ? (CanaryDecided.RolledBack, verdict.Reason)
                : !rollout.IsLastStep
                    ? (CanaryDecided.Advanced, verdict.Reason)
                    : await PromoteAsync(connection, transaction, rollout, verdict, cancellationToken);
        }
        await rollouts.DecideAsync(transaction, rollout, decision, figures, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        rollouts.Counted(rollout, decision);
        wake.Notify();
        InferenceLog.CanaryDecided(logger, rollout.ModelName, rollout.ChallengerVersion, decision, reason);
        return decision;
    }

    // The load test is the whole rollout's figures (every step's counts); a refusal of either call rolls back with its reason.
    private async Task<(string, string)> PromoteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Rollout rollout, StepVerdict verdict,
        CancellationToken cancellationToken)
    {
        var whole = StepFigures.From(await RolloutCounts.SumAsync(connection, transaction, rollout, null, cancellationToken));
        if (await registry.RecordLoadTestAsync(rollout, whole, cancellationToken) is { } refused)
        {
            return (CanaryDecided.RolledBack, $"{verdict.Reason[..^1]}, but recording the load test failed: {refused}");
        }
        if (await registry.PromoteAsync(rollout, cancellationToken) is { } gate)
        {
            return (CanaryDecided.RolledBack, $"{verdict.Reason[..^1]}, but the registry's gate refused champion: {gate}");
        }
        return (CanaryDecided.Promoted, $"{verdict.Reason[..^1]}; the registry made version {rollout.ChallengerVersion} champion.");
    }
}
