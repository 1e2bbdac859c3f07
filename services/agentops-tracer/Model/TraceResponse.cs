namespace MlOps.AgentOpsTracer.Model;

/// <summary>A trace as a tree: its root spans (and spans whose parent was never received) with their children, plus its totals.</summary>
public sealed record TraceResponse(
    string TraceId, long SpanCount, long InputTokens, long OutputTokens, decimal? TotalCost, bool Priced, long ErrorCount,
    DateTime StartTime, DateTime EndTime, IReadOnlyList<TraceSpanResponse> Roots);
