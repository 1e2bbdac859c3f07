namespace MlOps.Contracts;

/// <summary>gateway charged one LLM request to a key.</summary>
public sealed record LlmUsageRecorded : IntegrationMessage
{
    /// <summary>The virtual key charged.</summary>
    public required Guid KeyId { get; init; }
    /// <summary>Model requested.</summary>
    public required string Model { get; init; }
    /// <summary>Prompt tokens.</summary>
    public required int InputTokens { get; init; }
    /// <summary>Completion tokens.</summary>
    public required int OutputTokens { get; init; }
    /// <summary>Cost in the configured currency.</summary>
    public required decimal Cost { get; init; }
    /// <summary>Prompt tokens the provider served from its cache.</summary>
    public int CachedInputTokens { get; init; }
    /// <summary>HIT, MISS or BYPASS: whether the gateway's response cache answered.</summary>
    public string CacheStatus { get; init; } = "MISS";
}
