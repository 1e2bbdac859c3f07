namespace MlOps.AgentOpsTracer.Model;

/// <summary>
/// A session's totals from its stored spans. TotalCost sums the priced spans (null when none is); Priced is false when any
/// span used a model without a price, UnpricedSpanCount says how many.
/// </summary>
public sealed record SessionResponse(
    string Id, long TraceCount, long SpanCount, long InputTokens, long OutputTokens, decimal? TotalCost, bool Priced, long UnpricedSpanCount,
    long ErrorCount, DateTime FirstSeen, DateTime LastSeen);
