namespace MlOps.AgentOpsTracer.Cost;

/// <summary>Price of a model per million tokens, the same shape as the gateway's (MlOps:Gateway:Llm:Prices).</summary>
public sealed class ModelPrice
{
    public decimal Input { get; set; }
    public decimal Output { get; set; }
    public decimal CachedInput { get; set; }

    /// <summary>Cost in the configured currency; cached tokens are part of the input count and priced at their own rate.</summary>
    public decimal CostOf(long input, long output, long cachedInput)
    {
        var cached = Math.Min(cachedInput, input);
        return (Input * (input - cached) + Output * output + CachedInput * cached) / 1_000_000m;
    }
}
