using System.ComponentModel.DataAnnotations;

namespace MlOps.Drift;

/// <summary>Inline comparison limits and how monitoring windows are cut and judged.</summary>
public sealed class DriftOptions
{
    public const string SectionName = "MlOps:Drift";

    /// <summary>Largest inline compare body; larger comparisons go through monitoring windows.</summary>
    [Range(1024, 1L << 31)]
    public long MaxCompareBodyBytes { get; set; } = 16 * 1024 * 1024;

    [Required]
    public Uri RegistryUrl { get; set; } = new("http://registry");

    /// <summary>A window closes once it holds this many logged rows (it may overshoot by one logged batch).</summary>
    [Range(10, 100_000_000)]
    public long WindowRows { get; set; } = 1000;

    /// <summary>A window also closes this long after it opened, whatever its size.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan WindowDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Windows closed by time with fewer rows are recorded as skipped: too few rows to judge.</summary>
    [Range(1, 1_000_000)]
    public int MinWindowRows { get; set; } = 100;

    /// <summary>Rows a window keeps in its uniform (reservoir) sample: the memory bound of an evaluation, whatever the window size.</summary>
    [Range(1000, 10_000_000)]
    public int WindowSampleRows { get; set; } = 100_000;

    /// <summary>Share of drifted features that makes the dataset drifted.</summary>
    [Range(0.0001, 1.0)]
    public double DatasetDriftShare { get; set; } = 0.5;

    /// <summary>A performance window closes once it holds this many labelled predictions.</summary>
    [Range(10, 10_000_000)]
    public long PerformanceWindowLabels { get; set; } = 500;

    /// <summary>Performance drift when live AUC is this much below the AUC registered with the version.</summary>
    [Range(0.0, 1.0)]
    public double MaxAucDrop { get; set; } = 0.05;

    /// <summary>Performance drift when live accuracy is this much below the registered accuracy.</summary>
    [Range(0.0, 1.0)]
    public double MaxAccuracyDrop { get; set; } = 0.05;

    /// <summary>How often closed and expired windows are looked for (besides the immediate signal from the consumer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);
}
