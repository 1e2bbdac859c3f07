using System.ComponentModel.DataAnnotations;

namespace MlOps.AgentOpsTracer.Anomalies;

/// <summary>
/// A tenant's anomaly thresholds: tool loop, runaway session (tokens or cost; null caps are off), error burst, and the latency
/// objective of one model call (null is off).
/// </summary>
public sealed record AnomalyRules(
    [property: Range(2, 10_000)] int ToolLoopRepeats,
    [property: Range(1, long.MaxValue)] long? SessionTokenCap,
    [property: Range(typeof(decimal), "0.000001", "1000000000")] decimal? SessionCostCap,
    [property: Range(1, 10_000)] int ErrorBurstCount,
    [property: Range(1, 86_400)] int ErrorBurstWindowSeconds,
    [property: Range(1, 86_400_000)] int? LatencyObjectiveMs = null);
