namespace MlOps.Contracts;

/// <summary>gateway saw a virtual key's charges in a budget window cross its soft-alert share (once per window).</summary>
public sealed record LlmBudgetAlerted : IntegrationMessage
{
    /// <summary>The virtual key.</summary>
    public required Guid KeyId { get; init; }
    /// <summary>budget_tokens or budget_cost (cost in millionths of the currency).</summary>
    public required string Budget { get; init; }
    /// <summary>The hard limit of the window.</summary>
    public required long Limit { get; init; }
    /// <summary>Charged in the window when the alert went out.</summary>
    public required long Charged { get; init; }
    /// <summary>Start of the budget window (UTC).</summary>
    public required DateTime WindowStart { get; init; }
    /// <summary>When the window resets (UTC); DateTime.MaxValue for a total budget.</summary>
    public required DateTime WindowEnd { get; init; }
}
