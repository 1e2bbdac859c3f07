namespace MlOps.Contracts;

/// <summary>incident opened an incident.</summary>
public sealed record IncidentOpened : IntegrationMessage
{
    /// <summary>The incident.</summary>
    public required Guid IncidentId { get; init; }
    /// <summary>Short title.</summary>
    public required string Title { get; init; }
    /// <summary>low, medium, high or critical.</summary>
    public required string Severity { get; init; }
    /// <summary>What raised it (drift, guardrail, agentops, manual).</summary>
    public required string Source { get; init; }
}
