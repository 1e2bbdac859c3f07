using System.Text.Json.Nodes;
using Npgsql;

namespace MlOps.Incident.Runbooks;

/// <summary>
/// A step as the runner hands it over: the run's transaction (whatever the step writes commits with the run's progress, or
/// not at all), the step's own state between looks, and what earlier steps produced.
/// </summary>
public sealed record StepContext(NpgsqlTransaction Transaction, RunbookRunRow Run, RunbookStep Step, JsonObject State, JsonObject Outputs, DateTimeOffset Now)
{
    /// <summary>When this step started (its current attempt).</summary>
    public DateTimeOffset StartedAt => Run.StepStartedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : Now;

    public string Actor => $"runbook:{Run.Runbook}";

    /// <summary>A deterministic message id per run, step and attempt: a re-run after a crash publishes the same message.</summary>
    public Guid MessageId(string purpose) => new(System.Security.Cryptography.MD5.HashData(
        System.Text.Encoding.UTF8.GetBytes($"{Run.Id}:{Step.Id}:{Run.StepAttempt}:{purpose}")));
}

/// <summary>A run as the runner claimed it.</summary>
public sealed record RunbookRunRow(Guid Id, string TenantId, Guid IncidentId, string Runbook, int Version, string Definition, string Status,
    string? StepId, int StepAttempt, DateTime? StepStartedAt, string StepState, string Outputs, string? Approval, string? ApprovalBy);
