namespace MlOps.AgentOpsTracer.Model;

/// <summary>
/// A session's or a trace's steps in order with their totals. Truncated is true when there were more steps than
/// MlOps:Tracer:Reading:MaxReplaySteps; the totals then cover the steps listed.
/// </summary>
public sealed record ReplayResponse(
    string Kind, string Id, int StepCount, bool Truncated, long InputTokens, long OutputTokens, decimal? TotalCost, bool Priced, long ErrorCount,
    DateTime StartTime, DateTime EndTime, double DurationMs, IReadOnlyList<ReplayStep> Steps);
