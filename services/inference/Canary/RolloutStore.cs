using System.Text.Json;
using Dapper;
using MlOps.Contracts;
using MlOps.Inference.Loading;
using MlOps.Inference.Serving;
using MlOps.Inference.Services;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Inference.Canary;

/// <summary>The rollouts tables: starting a rollout with its first traffic step, reading it, and recording decisions with their events.</summary>
public sealed class RolloutStore(NpgsqlDataSource db, OutboxWriter outbox, InferenceMetrics metrics, TimeProvider time)
{
    /// <summary>Inserts a running rollout and applies its first step (canary share, shadow on) in one transaction; false when one already runs.</summary>
    public async Task<bool> StartAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO rollouts (id, tenant_id, model_name, challenger_version, champion_version, status, steps, hold_requests, hold_seconds,
                    max_error_rate, max_p99_ratio, max_p99_ms, min_agreement, agreement_tolerance, max_prediction_psi, score_edges, current_step,
                    step_started_at, started_by, created_at)
                VALUES (@Id, @TenantId, @ModelName, @ChallengerVersion, @ChampionVersion, @Status, @Steps, @HoldRequests, @HoldSeconds,
                    @MaxErrorRate, @MaxP99Ratio, @MaxP99Ms, @MinAgreement, @AgreementTolerance, @MaxPredictionPsi, @ScoreEdges, 0,
                    @StepStartedAt, @StartedBy, @CreatedAt)
                """, rollout, transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
        await DeploymentStore.SetTrafficAsync(transaction, Key(rollout), new TrafficSplit(rollout.Steps[0], true), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The champion's scores logged in the last hour, newest first (the time bound keeps the scan on the BRIN index).</summary>
    public async Task<IReadOnlyList<double>> ChampionScoresAsync(ModelKey key, int version, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<double>(new CommandDefinition(
            """
            SELECT score FROM predictions WHERE tenant_id = @tenant AND model_name = @model AND version = @version AND role = 'champion'
                AND score IS NOT NULL AND created_at > now() - interval '1 hour'
            ORDER BY created_at DESC LIMIT @limit
            """, new { tenant = key.Tenant, model = key.Model, version, limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>Ends the running rollout as aborted (champion only, shadow off, a rolled_back event); null when none runs.</summary>
    public async Task<Rollout?> AbortAsync(ModelKey key, string by, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Waits for a replica judging it: the abort then sees the judged state.
        var rollout = (await connection.QuerySingleOrDefaultAsync<RolloutRow>(new CommandDefinition(
            $"SELECT {Rollout.Columns} FROM rollouts WHERE tenant_id = @tenant AND model_name = @model AND status = 'running' FOR NO KEY UPDATE",
            new { tenant = key.Tenant, model = key.Model }, transaction, cancellationToken: cancellationToken)))?.ToRollout();
        if (rollout is null)
        {
            return null;
        }
        var figures = StepFigures.From(await RolloutCounts.SumAsync(connection, transaction, rollout, rollout.CurrentStep, cancellationToken));
        await DecideAsync(transaction, rollout, CanaryDecided.RolledBack, figures,
            $"aborted by {by} at step {rollout.CurrentStep + 1} ({rollout.CurrentPercent} %) after {figures.Requests} challenger requests.",
            cancellationToken, Rollout.Aborted);
        await transaction.CommitAsync(cancellationToken);
        Counted(rollout, CanaryDecided.RolledBack);
        return rollout;
    }

    public async Task<Rollout?> LatestAsync(ModelKey key, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryFirstOrDefaultAsync<RolloutRow>(new CommandDefinition(
            $"SELECT {Rollout.Columns} FROM rollouts WHERE tenant_id = @tenant AND model_name = @model ORDER BY created_at DESC LIMIT 1",
            new { tenant = key.Tenant, model = key.Model }, cancellationToken: cancellationToken)))?.ToRollout();
    }

    public async Task<IReadOnlyList<Rollout>> RunningAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return [.. (await connection.QueryAsync<RolloutRow>(new CommandDefinition(
            $"SELECT {Rollout.Columns} FROM rollouts WHERE status = 'running'", cancellationToken: cancellationToken))).Select(r => r.ToRollout())];
    }

    public async Task<IReadOnlyList<StepDecision>> DecisionsAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(int Step, double Percent, string Decision, string Reason, string Figures, DateTime DecidedAt)>(new CommandDefinition(
            "SELECT step, traffic_percent, decision, reason, figures::text, decided_at FROM rollout_steps WHERE rollout_id = @rolloutId ORDER BY step",
            new { rolloutId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new StepDecision(r.Step, r.Percent, r.Decision, r.Reason,
            JsonSerializer.Deserialize<StepFigures>(r.Figures, JsonSerializerOptions.Web)!, new DateTimeOffset(DateTime.SpecifyKind(r.DecidedAt, DateTimeKind.Utc))))];
    }

    /// <summary>The live figures of the current step, merged over every replica's flushed counts.</summary>
    public async Task<StepFigures> CurrentFiguresAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return StepFigures.From(await RolloutCounts.SumAsync(connection, null, rollout, rollout.CurrentStep, cancellationToken));
    }

    /// <summary>
    /// Records a decision on the locked rollout inside the caller's transaction: the step row, the rollout's new state, the traffic
    /// split every replica applies (the next share with shadow on; champion only when it ends) and the CanaryDecided event.
    /// </summary>
    public async Task DecideAsync(NpgsqlTransaction transaction, Rollout rollout, string decision, StepFigures figures, string reason,
        CancellationToken cancellationToken, string endStatus = Rollout.RolledBack)
    {
        var connection = transaction.Connection!;
        var now = time.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO rollout_steps (rollout_id, step, traffic_percent, decision, reason, figures, decided_at)
            VALUES (@id, @step, @percent, @decision, @reason, @figures::jsonb, @now)
            ON CONFLICT (rollout_id, step) DO UPDATE SET decision = excluded.decision, reason = excluded.reason, figures = excluded.figures,
                decided_at = excluded.decided_at
            """,
            new
            {
                id = rollout.Id, step = rollout.CurrentStep, percent = rollout.CurrentPercent, decision, reason,
                figures = JsonSerializer.Serialize(figures, JsonSerializerOptions.Web), now = now.UtcDateTime,
            }, transaction, cancellationToken: cancellationToken));
        var advanced = decision == CanaryDecided.Advanced;
        var status = advanced ? Rollout.Running : decision == CanaryDecided.Promoted ? Rollout.Promoted : endStatus;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE rollouts SET status = @status, current_step = current_step + @advance, step_started_at = CASE WHEN @advance = 1 THEN @now ELSE step_started_at END,
                reason = @reason, finished_at = CASE WHEN @status = 'running' THEN NULL ELSE @now END
            WHERE id = @id
            """,
            new { id = rollout.Id, status, advance = advanced ? 1 : 0, now = now.UtcDateTime, reason }, transaction, cancellationToken: cancellationToken));
        var next = advanced ? rollout.Steps[rollout.CurrentStep + 1] : 0;
        await DeploymentStore.SetTrafficAsync(transaction, Key(rollout), advanced ? new TrafficSplit(next, true) : TrafficSplit.ChampionOnly, cancellationToken);
        await outbox.EnqueueAsync(transaction, new CanaryDecided
        {
            TenantId = rollout.TenantId,
            CorrelationId = rollout.Id,
            ModelName = rollout.ModelName,
            RolloutId = rollout.Id,
            ChallengerVersion = rollout.ChallengerVersion,
            ChampionVersion = rollout.ChampionVersion,
            Decision = decision,
            TrafficPercent = decision == CanaryDecided.Promoted ? 100 : next,
            Reason = reason,
            Requests = figures.Requests,
            ErrorRate = figures.ErrorRate ?? 0,
            P99Milliseconds = figures.P99Milliseconds ?? 0,
            Agreement = figures.Agreement,
            PredictionPsi = figures.PredictionPsi,
        }, cancellationToken);
    }

    /// <summary>Counts a committed decision on /metrics.</summary>
    public void Counted(Rollout rollout, string decision) => metrics.CanaryDecided(Key(rollout), decision);

    public static ModelKey Key(Rollout rollout) => new(rollout.TenantId, rollout.ModelName);
}
