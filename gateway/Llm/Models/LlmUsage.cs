namespace MlOps.Gateway.Llm.Models;

/// <summary>One request's usage row: who, which model, tokens, cost, cache status, latency and outcome.</summary>
public sealed record LlmUsage(
    Guid Id, Guid KeyId, string TenantId, string? Team, string Model, int InputTokens, int OutputTokens, int CachedInputTokens,
    long CostMicros, string CacheStatus, double LatencyMs, string Outcome, bool Streamed);
