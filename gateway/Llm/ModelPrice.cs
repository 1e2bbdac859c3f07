namespace MlOps.Gateway.Llm;

/// <summary>Price of a model per million tokens, in the configured currency.</summary>
public sealed class ModelPrice
{
    public decimal Input { get; set; }
    public decimal Output { get; set; }
    public decimal CachedInput { get; set; }

    /// <summary>Cost in millionths of the currency: per-million prices times tokens.</summary>
    public long Micros(long input, long output, long cachedInput = 0) =>
        (long)Math.Ceiling(Input * (input - cachedInput) + Output * output + CachedInput * cachedInput);
}
