using System.ComponentModel.DataAnnotations;

namespace MlOps.Gateway.Llm;

/// <summary>LLM policy settings, bound from MlOps:Gateway:Llm.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "MlOps:Gateway:Llm";

    /// <summary>Prices per model name (per million tokens); a model not listed uses <see cref="DefaultPrice"/>.</summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = [];

    public ModelPrice DefaultPrice { get; set; } = new();

    /// <summary>Output tokens reserved when a request sets no max_tokens (and sent upstream as its cap).</summary>
    [Range(1, 1_000_000)]
    public int DefaultMaxTokens { get; set; } = 4096;

    /// <summary>Share of a quota a replica leases at once: bigger means fewer database trips, smaller fairer sharing.</summary>
    [Range(0.001, 1)]
    public double LeaseFraction { get; set; } = 0.1;

    /// <summary>How often replicas report charges and hand back leases they are not using.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long usage rows gather before they are written (in one transaction with their events).</summary>
    public TimeSpan UsageWriteInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Characters of a streamed answer held back so that PII split across chunks is still caught.</summary>
    [Range(0, 4096)]
    public int StreamHoldBackCharacters { get; set; } = 48;

    /// <summary>Largest request body accepted on the LLM routes.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Entries the response cache keeps (per replica).</summary>
    [Range(0, 10_000_000)]
    public int CacheEntries { get; set; } = 10_000;

    /// <summary>Cosine similarity above which the semantic cache treats two prompts as the same question.</summary>
    [Range(0.5, 1)]
    public double SemanticThreshold { get; set; } = 0.95;

    public ModelPrice PriceOf(string model) => Prices.TryGetValue(model, out var price) ? price : DefaultPrice;
}
