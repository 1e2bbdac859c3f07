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
}
