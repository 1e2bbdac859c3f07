using System.ComponentModel.DataAnnotations;

namespace MlOps.Inference.Jobs;

/// <summary>Where batch jobs keep their files, how big an input may be, chunking, and the lease that lets another replica take over.</summary>
public sealed class JobOptions
{
    public const string SectionName = "MlOps:Inference:Jobs";

    [Required]
    public string Root { get; set; } = Path.Combine(Path.GetTempPath(), "mlops-inference-jobs");

    [Range(1, long.MaxValue)]
    public long MaxInputBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Rows per committed chunk: the most work a crash can make a job redo.</summary>
    [Range(1, 10_000_000)]
    public int ChunkRows { get; set; } = 131_072;

    /// <summary>Rows per ONNX Runtime run; slices of a chunk run in parallel on every core.</summary>
    [Range(1, 1_000_000)]
    public int SliceRows { get; set; } = 8_192;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(15);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Characters a JSON Lines line may hold; a longer line is a bad row (it is never held in memory whole).</summary>
    [Range(1, 256 * 1024 * 1024)]
    public int MaxLineLength { get; set; } = 1024 * 1024;

    /// <summary>Skipped rows listed in a job's status (with ?onRowError=skip); the count covers them all.</summary>
    [Range(0, 10_000)]
    public int MaxSkippedRowsListed { get; set; } = 100;

    /// <summary>Claims of a job without committed progress in between (each a crash or a lost lease) before it is failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;
}
