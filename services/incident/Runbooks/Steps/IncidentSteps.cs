using Dapper;
using MlOps.Incident.Lifecycle;
using MlOps.Incident.Model;
using MlOps.Incident.Notifications;
using MlOps.Incident.Services;

namespace MlOps.Incident.Runbooks.Steps;

/// <summary>notify {message}: writes the message on the timeline and sends it to the incident's channels.</summary>
public sealed class NotifyStep : IStepType
{
    public string Type => "notify";

    public string? Validate(RunbookStep step) => step.Require("message", 2000);

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var message = context.Step.Text("message")!;
        await Timeline.AppendAsync(context.Transaction, context.Run.IncidentId, "notify", context.Actor, message, null, cancellationToken);
        await NotificationQueue.EnqueueAsync(context.Transaction, context.Run.IncidentId, NotificationQueue.Trigger, cancellationToken, message);
        return new StepOutcome.Done("Notified: " + message);
    }
}

/// <summary>wait {duration}: holds the run for a fixed time (a cool-down before checking).</summary>
public sealed class WaitStep : IStepType
{
    public string Type => "wait";

    public string? Validate(RunbookStep step) =>
        Rules.RuleDuration.TryParse(step.Text("duration"), out _) ? null : "with.duration: a duration such as 30s, 10m or 6h.";

    public Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        Rules.RuleDuration.TryParse(context.Step.Text("duration"), out var duration);
        var until = context.StartedAt + duration;
        return Task.FromResult<StepOutcome>(context.Now >= until ? new StepOutcome.Done($"Waited {duration}") : new StepOutcome.Waiting(until - context.Now));
    }
}

/// <summary>approval {prompt}: a person approves or rejects through the API; a rejection fails the step, its timeout escalates.</summary>
public sealed class ApprovalStep : IStepType
{
    public string Type => "approval";

    public string? Validate(RunbookStep step) => step.Require("prompt", 2000) ?? (step.Timeout is null ? "timeout: an approval needs one, e.g. 15m." : null);

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        switch (context.Run.Approval)
        {
            case "approved":
                return new StepOutcome.Done($"Approved by {context.Run.ApprovalBy}");
            case "rejected":
                return new StepOutcome.Failed($"Rejected by {context.Run.ApprovalBy}", Retryable: false);
        }
        if (context.State["asked"] is null)
        {
            context.State["asked"] = context.Now.ToString("O");
            await Timeline.AppendAsync(context.Transaction, context.Run.IncidentId, "approval_requested", context.Actor, context.Step.Text("prompt")!, null,
                cancellationToken);
        }
        // The approval API wakes the run; the long look-again only bounds how late a timeout is noticed.
        return new StepOutcome.Waiting(TimeSpan.FromSeconds(5));
    }
}

/// <summary>resolve {resolution}: resolves the incident (the end of a validated rollback).</summary>
public sealed class ResolveStep(IncidentStore incidents) : IStepType
{
    public string Type => "resolve";

    public string? Validate(RunbookStep step) => step.Require("resolution", 2000);

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var resolution = context.Step.Text("resolution")!;
        var resolved = await incidents.ResolveAsync(context.Transaction, context.Run.TenantId, context.Run.IncidentId, context.Actor, resolution, cancellationToken);
        return new StepOutcome.Done(resolved ? "Resolved: " + resolution : "Already resolved");
    }
}

/// <summary>escalate {severity = critical, note}: raises the incident's severity and says why.</summary>
public sealed class EscalateStep(IncidentActions actions) : IStepType
{
    public string Type => "escalate";

    public string? Validate(RunbookStep step) =>
        step.Text("severity") is { } severity && !Severity.IsKnown(severity) ? $"with.severity: one of {string.Join(", ", Severity.All)}." : null;

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        await Escalation.EscalateAsync(context.Transaction, actions, context.Run.TenantId, context.Run.IncidentId, context.Step.Text("severity") ?? "critical",
            context.Actor, context.Step.Text("note") ?? "Escalated by the runbook", cancellationToken);
        return new StepOutcome.Done("Escalated");
    }
}

/// <summary>Raising an incident to a severity (never lowering it) with a timeline entry; used by the step and by failed runs.</summary>
public static class Escalation
{
    public static async Task EscalateAsync(Npgsql.NpgsqlTransaction transaction, IncidentActions actions, string tenant, Guid incident, string severity,
        string actor, string note, CancellationToken cancellationToken)
    {
        var current = await transaction.Connection!.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT severity FROM incidents WHERE id = @incident", new { incident }, transaction, cancellationToken: cancellationToken));
        if (Severity.All.ToList().IndexOf(severity) > Severity.All.ToList().IndexOf(current ?? "low"))
        {
            await actions.SetSeverityAsync(transaction, tenant, incident, severity, actor, cancellationToken);
        }
        await Timeline.AppendAsync(transaction, incident, "escalated", actor, note, null, cancellationToken);
        // Channels hear of it again, at the raised severity.
        await NotificationQueue.EnqueueAsync(transaction, incident, NotificationQueue.Trigger, cancellationToken, note);
    }
}
