namespace MlOps.AgentOpsTracer.Model;

/// <summary>
/// One trace of a search: its root span's name and service (its earliest span's when the root was never received), the
/// sessions, agents and models its spans name, and its totals.
/// </summary>
public sealed record TraceSummaryResponse(
    string TraceId, string Name, string? ServiceName, DateTime StartTime, DateTime EndTime, double DurationMs, long SpanCount,
    long InputTokens, long OutputTokens, decimal? TotalCost, bool Priced, long ErrorCount, IReadOnlyList<string> Sessions,
    IReadOnlyList<string> Agents, IReadOnlyList<string> Models);
