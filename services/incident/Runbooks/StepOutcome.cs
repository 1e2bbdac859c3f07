using System.Text.Json.Nodes;

namespace MlOps.Incident.Runbooks;

/// <summary>What one look at a step found: done, still waiting (look again later), or failed.</summary>
public abstract record StepOutcome
{
    public sealed record Done(string Summary, JsonNode? Output = null) : StepOutcome;

    public sealed record Waiting(TimeSpan LookAgainIn) : StepOutcome;

    /// <summary>A failure; a retryable one uses the step's retries, the other goes straight to its failure route.</summary>
    public sealed record Failed(string Error, bool Retryable = true) : StepOutcome;
}
