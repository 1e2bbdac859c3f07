using System.ComponentModel.DataAnnotations;

namespace MlOps.Inference.Logging;

/// <summary>The prediction log's queue bound and batch sizes.</summary>
public sealed class PredictionLogOptions
{
    public const string SectionName = "MlOps:Inference:PredictionLog";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests waiting to be written at most; beyond it rows are dropped and counted, never waited for.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    [Range(1, 100_000)]
    public int MaxRowsPerWrite { get; set; } = 5_000;

    /// <summary>How long rows gather between writes: larger writes cost less in all, smaller ones stall requests less (docs/benchmarks.md).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Rows per PredictionsLogged message.</summary>
    [Range(1, 100_000)]
    public int MaxRowsPerEvent { get; set; } = 1_000;
}
