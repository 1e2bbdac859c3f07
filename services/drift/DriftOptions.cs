using System.ComponentModel.DataAnnotations;
using MlOps.Drift.Monitoring;
using MlOps.Drift.Statistics.Embeddings;
using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift;

/// <summary>Inline comparison limits and how monitoring windows are cut and judged.</summary>
public sealed class DriftOptions : IValidatableObject
{
    public const string SectionName = "MlOps:Drift";

    /// <summary>Largest inline compare body; larger comparisons go through monitoring windows.</summary>
    [Range(1024, 1L << 31)]
    public long MaxCompareBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most vectors per side of an inline embedding set; more answer 413 before any vector is built.</summary>
    [Range(2, 10_000_000)]
    public int MaxEmbeddingVectorsPerSide { get; set; } = 10_000;

    /// <summary>Most numbers (vectors × dimensions) per side of an inline embedding set: bounds the vectors held and the classifier's work.</summary>
    [Range(2, 100_000_000)]
    public long MaxEmbeddingValuesPerSide { get; set; } = 1_000_000;

    /// <summary>
    /// Vectors per side the MMD kernel (quadratic memory: 1.5·(2n)² doubles, 12 MB at 500) and the domain classifier use;
    /// larger sets are sampled with a fixed seed.
    /// </summary>
    [Range(10, 1_000)]
    public int EmbeddingSampleVectorsPerSide { get; set; } = EmbeddingDrift.DefaultSampleVectorsPerSide;

    [Required]
    public Uri RegistryUrl { get; set; } = new("http://registry");

    /// <summary>Where training sets are read for training–serving skew.</summary>
    [Required]
    public Uri FeatureStoreUrl { get; set; } = new("http://feature-store");

    /// <summary>Training sets whose samples are kept for skew (each bounded by WindowSampleRows rows).</summary>
    [Range(1, 1_000)]
    public int SkewTrainingSetCache { get; set; } = 4;

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

    /// <summary>Per-column test and threshold overrides for monitoring windows, by feature name ("prediction" for the score); others get the defaults.</summary>
    public Dictionary<string, ColumnTestOptions> Columns { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often closed and expired windows are looked for (besides the immediate signal from the consumer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (column, overrides) in Columns)
        {
            foreach (var test in overrides.StatTests.Where(t => !StatTest.ByName.ContainsKey(t)))
            {
                yield return new ValidationResult($"MlOps:Drift:Columns:{column} names the unknown test '{test}'; known tests: {string.Join(", ", StatTest.ByName.Keys)}.");
            }
            if (overrides.Threshold is < 0 or double.NaN)
            {
                yield return new ValidationResult($"MlOps:Drift:Columns:{column}:Threshold must be ≥ 0.");
            }
        }
    }

    /// <summary>The monitoring options for a column; null when it has no override.</summary>
    public ColumnDriftOptions? OptionsFor(string column) =>
        Columns.TryGetValue(column, out var overrides)
            ? new ColumnDriftOptions(overrides.StatTests.Count > 0 ? [.. overrides.StatTests.Select(t => StatTest.ByName[t])] : null, overrides.Threshold)
            : null;
}
