using System.ComponentModel.DataAnnotations;

namespace MlOps.Inference.Serving;

/// <summary>Triton's two knobs for dynamic batching, applied per served model version.</summary>
public sealed class BatchingOptions
{
    public const string SectionName = "MlOps:Inference:Batching";

    public bool Enabled { get; set; } = true;

    /// <summary>Rows coalesced into one run at most.</summary>
    [Range(1, 65_536)]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>How long the first queued request may wait for company; zero takes only what is already queued (no added latency).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Requests waiting for a worker per model version at most; beyond it a request answers 503 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedRequests { get; set; } = 4_096;

    /// <summary>Runs in flight at once per model version; by default one per core.</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = Environment.ProcessorCount;
}
