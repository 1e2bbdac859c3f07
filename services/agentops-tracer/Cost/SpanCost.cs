namespace MlOps.AgentOpsTracer.Cost;

/// <summary>
/// A span's cost: null with Priced false when it used tokens of a model without a price (never 0), null with Priced true
/// when it used no tokens at all.
/// </summary>
public readonly record struct SpanCost(decimal? Amount, bool Priced)
{
    public static readonly SpanCost None = new(null, true);
    public static readonly SpanCost Unpriced = new(null, false);
}
