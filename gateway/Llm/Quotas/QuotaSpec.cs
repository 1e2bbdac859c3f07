namespace MlOps.Gateway.Llm.Quotas;

/// <summary>
/// One quota of one key in one window: what it counts (budget tokens, budget cost, requests, tokens per minute), its
/// limit, and for budgets the charge at which the soft alert goes out.
/// </summary>
public sealed record QuotaSpec(Guid KeyId, string Kind, DateTime WindowStart, DateTime WindowEnd, long Limit, long? AlertAt = null)
{
    public const string BudgetTokens = "budget_tokens";
    public const string BudgetCost = "budget_cost";
    public const string Requests = "rpm";
    public const string Tokens = "tpm";
}
