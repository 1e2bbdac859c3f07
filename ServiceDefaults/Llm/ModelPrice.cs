namespace MlOps.ServiceDefaults.Llm;

/// <summary>
/// Price of a model per million tokens, in the configured currency: the gateway's budgets (MlOps:Gateway:Llm:Prices) and the
/// tracer's span costs (MlOps:Tracer:Prices) read the same shape. Cached tokens are part of the input count, at their own rate.
/// </summary>
public sealed class ModelPrice
{
    public decimal Input { get; set; }
    public decimal Output { get; set; }
    public decimal CachedInput { get; set; }

    /// <summary>Cost in the currency.</summary>
    public decimal CostOf(long input, long output, long cachedInput)
    {
        var cached = Math.Min(cachedInput, input);
        return (Input * (input - cached) + Output * output + CachedInput * cached) / 1_000_000m;
    }

    /// <summary>Cost in millionths of the currency, rounded up (the gateway's budget unit).</summary>
    public long Micros(long input, long output, long cachedInput = 0) =>
        (long)Math.Ceiling(Input * (input - cachedInput) + Output * output + CachedInput * cachedInput);
}
