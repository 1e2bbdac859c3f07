namespace MlOps.Gateway.Llm;

/// <summary>One quota of one key in one window: what it counts (budget tokens, budget cost, requests, tokens per minute) and its limit.</summary>
public sealed record QuotaSpec(Guid KeyId, string Kind, DateTime WindowStart, DateTime WindowEnd, long Limit)
{
    public const string BudgetTokens = "budget_tokens";
    public const string BudgetCost = "budget_cost";
    public const string Requests = "rpm";
    public const string Tokens = "tpm";
}
