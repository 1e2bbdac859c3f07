namespace MlOps.Contracts;

/// <summary>
/// gateway charged LLM requests to virtual keys: one record per request, sent in the batches the gateway writes its
/// usage rows in (one message per batch keeps the outbox relay off the request path's CPU at thousands of requests/s).
/// </summary>
public sealed record LlmUsageRecorded : IntegrationMessage
{
    /// <summary>The requests charged, all of this message's tenant.</summary>
    public required IReadOnlyList<LlmUsageRecord> Records { get; init; }
}

/// <summary>One request charged to a virtual key.</summary>
/// <param name="KeyId">The virtual key charged.</param>
/// <param name="Model">Model requested.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="CachedInputTokens">Prompt tokens the provider served from its cache.</param>
/// <param name="Cost">Cost in the configured currency.</param>
/// <param name="CacheStatus">HIT, MISS or BYPASS: whether the gateway's response cache answered.</param>
/// <param name="RequestId">The usage row's id.</param>
public sealed record LlmUsageRecord(Guid KeyId, string Model, int InputTokens, int OutputTokens, int CachedInputTokens, decimal Cost, string CacheStatus, Guid RequestId);
