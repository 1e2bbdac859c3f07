using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Incident.Lifecycle;
using MlOps.Incident.Rules;
using MlOps.Incident.Runbooks.Steps;
using MlOps.Incident.Services;
using Npgsql;

namespace MlOps.Incident.Runbooks;

/// <summary>
/// Works runbook runs: each look at a step happens in one transaction holding the run's row (SKIP LOCKED, so replicas share the
/// work), and the step's effects, its timeline entries and the run's progress commit together. A runner that dies mid-step
/// rolls all of it back; the next runner finds the run at its last finished step.
/// </summary>
public sealed partial class RunbookRunner(NpgsqlDataSource db, IEnumerable<IStepType> stepTypes, IncidentActions actions, RunbookSignal signal,
    TimeProvider time, IOptions<IncidentOptions> options, ILogger<RunbookRunner> logger) : BackgroundService
{
    /// <summary>A step without its own timeout fails after this long.</summary>
    public static readonly TimeSpan DefaultStepTimeout = TimeSpan.FromHours(1);

    private readonly Dictionary<string, IStepType> _types = stepTypes.ToDictionary(t => t.Type, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await WorkOneAsync(stoppingToken))
                {
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or JsonException)
            {
                LogRunnerFailed(logger, e);
            }
            await signal.WaitAsync(options.Value.RunbookPollInterval, stoppingToken);
        }
    }

    /// <summary>Looks at one due run; false when none is due.</summary>
    public async Task<bool> WorkOneAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var run = await connection.QuerySingleOrDefaultAsync<RunbookRunRow>(new CommandDefinition("""
            SELECT r.id, r.tenant_id AS tenantId, r.incident_id AS incidentId, r.runbook, r.version, r.definition::text AS definition, r.status,
                r.step_id AS stepId, r.step_attempt AS stepAttempt, r.step_started_at AS stepStartedAt, r.step_state::text AS stepState,
                r.outputs::text AS outputs, r.approval, r.approval_by AS approvalBy
            FROM runbook_runs r WHERE r.status IN ('running', 'waiting_approval') AND r.next_check_at <= now()
            ORDER BY r.next_check_at LIMIT 1 FOR UPDATE SKIP LOCKED
            """, transaction: transaction, cancellationToken: cancellationToken));
        if (run is null)
        {
            return false;
        }
        try
        {
            await LookAsync(transaction, run, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not NpgsqlException)
        {
            // A run that cannot be worked (a definition this version cannot read) fails alone; the runner goes on with the others.
            await transaction.RollbackAsync(cancellationToken);
            LogRunBroken(logger, e, run.Id);
            await BreakAsync(run, e.Message, cancellationToken);
        }
        return true;
    }

    private async Task BreakAsync(RunbookRunRow run, string error, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await FinishAsync(transaction, run, "failed", null, $"Runbook {run.Runbook} failed: {error}", cancellationToken, error);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task LookAsync(NpgsqlTransaction transaction, RunbookRunRow run, CancellationToken cancellationToken)
    {
        var definition = JsonSerializer.Deserialize<RunbookDefinition>(run.Definition, JsonSerializerOptions.Web)!;
        var index = definition.Steps.ToList().FindIndex(s => s.Id == run.StepId);
        var step = definition.Steps[index];
        var actor = $"runbook:{run.Runbook}";
        if (await IncidentStatusAsync(transaction, run.IncidentId, cancellationToken) == "resolved" && step.Type != "resolve")
        {
            await FinishAsync(transaction, run, "cancelled", null, "Runbook stopped: the incident was resolved", cancellationToken);
            return;
        }
        var now = time.GetUtcNow();
        var state = JsonNode.Parse(run.StepState)!.AsObject();
        var outputs = JsonNode.Parse(run.Outputs)!.AsObject();
        var context = new StepContext(transaction, run, step, state, outputs, now);
        var outcome = await _types[step.Type].RunAsync(context, cancellationToken);
        var timeout = RuleDuration.TryParse(step.Timeout, out var t) ? t : DefaultStepTimeout;
        if (outcome is StepOutcome.Waiting && now - context.StartedAt >= timeout)
        {
            outcome = new StepOutcome.Failed($"timed out after {timeout}", Retryable: false);
        }
        switch (outcome)
        {
            case StepOutcome.Waiting waiting:
                await SaveAsync(transaction, run, step.Type == "approval" ? "waiting_approval" : "running", run.StepId!, run.StepAttempt, context.StartedAt, state,
                    outputs, now + Clamp(waiting.LookAgainIn), cancellationToken);
                break;
            case StepOutcome.Done done:
                outputs[step.Id] = done.Output ?? new JsonObject();
                await Timeline.AppendAsync(transaction, run.IncidentId, "step_succeeded", actor, $"{step.Id}: {done.Summary}",
                    new { step = step.Id, step.Type, attempt = run.StepAttempt }, cancellationToken);
                var next = step.Next ?? (index + 1 < definition.Steps.Count ? definition.Steps[index + 1].Id : null);
                await (next is null
                    ? FinishAsync(transaction, run, "succeeded", outputs, $"Runbook {run.Runbook} succeeded", cancellationToken)
                    : SaveAsync(transaction, run, "running", next, 1, now, new JsonObject(), outputs, now, cancellationToken));
                break;
            case StepOutcome.Failed failed:
                await FailAsync(transaction, run, step, failed, outputs, now, cancellationToken);
                break;
        }
    }

    private async Task FailAsync(NpgsqlTransaction transaction, RunbookRunRow run, RunbookStep step, StepOutcome.Failed failed, JsonObject outputs,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var actor = $"runbook:{run.Runbook}";
        await Timeline.AppendAsync(transaction, run.IncidentId, "step_failed", actor, $"{step.Id} (attempt {run.StepAttempt}): {failed.Error}",
            new { step = step.Id, step.Type, attempt = run.StepAttempt }, cancellationToken);
        if (failed.Retryable && run.StepAttempt <= step.Retries)
        {
            var backOff = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, run.StepAttempt)));
            await SaveAsync(transaction, run, "running", step.Id, run.StepAttempt + 1, now + backOff, new JsonObject(), outputs, now + backOff, cancellationToken);
            return;
        }
        switch (step.OnFailure ?? "escalate")
        {
            case "fail":
                await FinishAsync(transaction, run, "failed", outputs, $"Runbook {run.Runbook} failed at {step.Id}: {failed.Error}", cancellationToken, failed.Error);
                break;
            case "escalate":
                await Escalation.EscalateAsync(transaction, actions, run.TenantId, run.IncidentId, "critical", actor,
                    $"Runbook {run.Runbook} could not finish {step.Id} ({failed.Error}); a person is needed.", cancellationToken);
                await FinishAsync(transaction, run, "escalated", outputs, null, cancellationToken, failed.Error);
                break;
            case var target:
                await SaveAsync(transaction, run, "running", target, 1, now, new JsonObject(), outputs, now, cancellationToken);
                break;
        }
    }

    private static Task SaveAsync(NpgsqlTransaction transaction, RunbookRunRow run, string status, string stepId, int attempt, DateTimeOffset stepStartedAt,
        JsonObject state, JsonObject outputs, DateTimeOffset nextCheck, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE runbook_runs SET status = @status, step_id = @stepId, step_attempt = @attempt, step_started_at = @stepStartedAt,
                step_state = @state::jsonb, outputs = @outputs::jsonb, next_check_at = @nextCheck,
                approval = CASE WHEN @stepId = step_id THEN approval END, approval_by = CASE WHEN @stepId = step_id THEN approval_by END
            WHERE id = @id
            """, new
            {
                run.Id, status, stepId, attempt, stepStartedAt = stepStartedAt.UtcDateTime, state = state.ToJsonString(), outputs = outputs.ToJsonString(),
                nextCheck = nextCheck.UtcDateTime,
            }, transaction, cancellationToken: cancellationToken));

    private static async Task FinishAsync(NpgsqlTransaction transaction, RunbookRunRow run, string status, JsonObject? outputs, string? summary,
        CancellationToken cancellationToken, string? error = null)
    {
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE runbook_runs SET status = @status, finished_at = now(), error = @error, outputs = coalesce(@outputs::jsonb, outputs) WHERE id = @id
            """, new { run.Id, status, error, outputs = outputs?.ToJsonString() }, transaction, cancellationToken: cancellationToken));
        if (summary is not null)
        {
            await Timeline.AppendAsync(transaction, run.IncidentId, "runbook_" + status, $"runbook:{run.Runbook}", summary, new { run = run.Id }, cancellationToken);
        }
    }

    private static Task<string?> IncidentStatusAsync(NpgsqlTransaction transaction, Guid incident, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT status FROM incidents WHERE id = @incident", new { incident }, transaction, cancellationToken: cancellationToken));

    private static TimeSpan Clamp(TimeSpan lookAgainIn) =>
        lookAgainIn < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : lookAgainIn > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : lookAgainIn;

    [LoggerMessage(Level = LogLevel.Error, Message = "Runbook run {Run} could not be worked and was marked failed")]
    private static partial void LogRunBroken(ILogger logger, Exception exception, Guid run);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Runbook runner failed a look at a run; it is retried at the next poll")]
    private static partial void LogRunnerFailed(ILogger logger, Exception exception);
}
