namespace MlOps.Contracts;

/// <summary>agentops-tracer saw an agent session misbehave (loop, runaway cost).</summary>
public sealed record AgentAnomalyDetected : IntegrationMessage
{
    /// <summary>The agent session.</summary>
    public required string SessionId { get; init; }
    /// <summary>loop, runaway_cost, error_burst, ...</summary>
    public required string Kind { get; init; }
    /// <summary>Human-readable detail, no prompt text.</summary>
    public required string Detail { get; init; }
    /// <summary>
    /// The gateway key the session's spans were last exported under (the caller's signed identity, never a sender's attribute),
    /// or null when they came from a service or before the tracer recorded it: what a runbook throttles.
    /// </summary>
    public Guid? KeyId { get; init; }
}
