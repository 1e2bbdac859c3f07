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
}
