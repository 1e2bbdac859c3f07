using System.ComponentModel.DataAnnotations;

namespace MlOps.AgentOpsTracer.Anomalies;

/// <summary>
/// A tenant's anomaly thresholds: tool loop, runaway session (tokens or cost; null caps are off), error burst, and the latency
/// objective of one model call (null is off), a session far above its agent's recent baseline (BaselineFactor × the median
/// tokens of the agent's last BaselineWindow sessions, once BaselineMinSessions of them exist; null is off), and guardrail
/// findings in the session's spans (GuardrailFindings or more; null is off).
/// </summary>
public sealed record AnomalyRules(
    [property: Range(2, 10_000)] int ToolLoopRepeats,
    [property: Range(1, long.MaxValue)] long? SessionTokenCap,
    [property: Range(typeof(decimal), "0.000001", "1000000000")] decimal? SessionCostCap,
    [property: Range(1, 10_000)] int ErrorBurstCount,
    [property: Range(1, 86_400)] int ErrorBurstWindowSeconds,
    [property: Range(1, 86_400_000)] int? LatencyObjectiveMs = null,
    [property: Range(1.5, 1_000_000)] double? BaselineFactor = null,
    [property: Range(3, 1_000)] int BaselineMinSessions = 10,
    [property: Range(3, 1_000)] int BaselineWindow = 50,
    [property: Range(1, 10_000)] int? GuardrailFindings = null) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The baseline waits for BaselineMinSessions of the agent's last BaselineWindow sessions: more than the window never arrive.
        if (BaselineMinSessions > BaselineWindow)
        {
            yield return new($"at most baselineWindow ({BaselineWindow}): the baseline counts only the agent's last baselineWindow sessions.",
                [nameof(BaselineMinSessions)]);
        }
    }
}
