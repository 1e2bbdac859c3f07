namespace MlOps.AgentOpsTracer.Model;

/// <summary>
/// Tokens and cost of one UTC day, agent (null for spans no agent claims) and model. TotalCost sums the priced spans; Priced is
/// false when some of them used a model without a price (UnpricedSpans counts them).
/// </summary>
public sealed record UsageResponse(
    DateOnly Day, string? Agent, string Model, long Calls, long InputTokens, long OutputTokens, long CachedInputTokens, decimal? TotalCost,
    bool Priced, long UnpricedSpans);
