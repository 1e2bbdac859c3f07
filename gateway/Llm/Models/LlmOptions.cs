using System.ComponentModel.DataAnnotations;
using MlOps.ServiceDefaults.Llm;

namespace MlOps.Gateway.Llm.Models;

/// <summary>LLM policy settings, bound from MlOps:Gateway:Llm. Every in-memory queue and cache of the LLM path is bounded here.</summary>
public sealed class LlmOptions : IValidatableObject
{
    public const string SectionName = "MlOps:Gateway:Llm";

    /// <summary>Prices per model name (per million tokens).</summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = [];

    /// <summary>
    /// The price of a model not in <see cref="Prices"/> (answers say so with x-mlops-price: default); when unset, a key
    /// with a cost budget is refused such models rather than charged nothing for them.
    /// </summary>
    public ModelPrice? DefaultPrice { get; set; }

    /// <summary>Output tokens reserved when a request sets no max_tokens (and sent upstream as its cap).</summary>
    [Range(1, 1_000_000)]
    public int DefaultMaxTokens { get; set; } = 4096;

    /// <summary>Share of a quota a replica leases at once: bigger means fewer database trips, smaller fairer sharing.</summary>
    [Range(0.001, 1)]
    public double LeaseFraction { get; set; } = 0.1;

    /// <summary>How often replicas report charges, renew their leases and hand back leases they are not using.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a replica's lease outlives its last renewal: then any replica reclaims its unused share (a crashed replica's).</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long usage rows gather before they are written (in one transaction with their events).</summary>
    public TimeSpan UsageWriteInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Usage rows queued or promised to requests in flight; past it requests are refused with 503 and Retry-After.</summary>
    [Range(1, 10_000_000)]
    public int UsageQueueCapacity { get; set; } = 100_000;

    /// <summary>Characters of a streamed answer held back so that PII split across chunks is still caught.</summary>
    [Range(0, 4096)]
    public int StreamHoldBackCharacters { get; set; } = 48;

    /// <summary>Largest request body accepted on the LLM routes.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Entries the response cache keeps (per replica).</summary>
    [Range(0, 10_000_000)]
    public int CacheEntries { get; set; } = 10_000;

    /// <summary>Bytes of answers the response cache keeps (per replica), the oldest leaving first.</summary>
    [Range(0, 64L * 1024 * 1024 * 1024)]
    public long CacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Questions the semantic cache keeps over all contexts (each about 1.6 KB: a 384-float embedding and its terms).</summary>
    [Range(0, 10_000_000)]
    public int SemanticCacheEntries { get; set; } = 10_000;

    /// <summary>Cosine similarity above which the semantic cache treats two prompts as the same question.</summary>
    [Range(0.5, 1)]
    public double SemanticThreshold { get; set; } = 0.95;

    /// <summary>Distinct model names metrics are tagged with besides the priced ones; later names are tagged "other".</summary>
    [Range(0, 10_000)]
    public int MetricModelNames { get; set; } = 100;

    /// <summary>The price of a model and whether it is the default price; null when the model has none.</summary>
    public (ModelPrice? Price, bool IsDefault) PriceOf(string model) =>
        Prices.TryGetValue(model, out var price) ? (price, false) : (DefaultPrice, DefaultPrice is not null);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FlushInterval <= TimeSpan.Zero || UsageWriteInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("FlushInterval and UsageWriteInterval must be positive.", [nameof(FlushInterval), nameof(UsageWriteInterval)]);
        }
        // A live replica renews its leases every flush: a few missed flushes must not cost it its lease.
        if (LeaseTtl < 3 * FlushInterval)
        {
            yield return new ValidationResult("LeaseTtl must be at least three FlushIntervals.", [nameof(LeaseTtl)]);
        }
    }
}
