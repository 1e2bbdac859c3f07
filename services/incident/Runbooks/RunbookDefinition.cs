using System.Text.Json;

namespace MlOps.Incident.Runbooks;

/// <summary>A declarative runbook: steps run in order unless a step names its next one or where a failure goes.</summary>
public sealed record RunbookDefinition
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<RunbookStep> Steps { get; init; } = [];
}

/// <summary>One step: its type decides what it does with its parameters (<see cref="With"/>).</summary>
public sealed record RunbookStep
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    /// <summary>Parameters of the step type, e.g. {"model": "credit-default"} for rollback.</summary>
    public IReadOnlyDictionary<string, JsonElement> With { get; init; } = new Dictionary<string, JsonElement>();
    /// <summary>How long the step may take before it counts as failed, e.g. "10m".</summary>
    public string? Timeout { get; init; }
    /// <summary>Attempts after the first, each after a back-off.</summary>
    public int Retries { get; init; }
    /// <summary>The step after this one when it succeeds; the following step when absent.</summary>
    public string? Next { get; init; }
    /// <summary>Where a failure goes: "escalate" (the default), "fail", or a step id.</summary>
    public string? OnFailure { get; init; }
}
