using System.ComponentModel.DataAnnotations;

namespace MlOps.Inference.Canary;

/// <summary>How canary analyses run: the defaults a rollout request may leave out, and how often replicas flush and judge.</summary>
public sealed class CanaryOptions
{
    public const string SectionName = "MlOps:Inference:Canary";

    /// <summary>Traffic shares (percent) a rollout steps through when the request names none.</summary>
    public List<double> DefaultSteps { get; set; } = [10, 25, 50, 100];

    /// <summary>Challenger requests each step is held for, when the request gives neither hold.</summary>
    [Range(1, 1_000_000_000)]
    public long DefaultHoldRequests { get; set; } = 100;

    /// <summary>Seconds each step is held for, when the request gives neither hold.</summary>
    [Range(1, 86_400)]
    public int DefaultHoldSeconds { get; set; } = 30;

    [Range(0.0, 1.0)]
    public double? DefaultMaxErrorRate { get; set; } = 0.01;

    [Range(0.0, 1000.0)]
    public double? DefaultMaxP99Ratio { get; set; } = 2.0;

    /// <summary>Off unless set: a retrained challenger is expected to disagree with the champion it replaces somewhat.</summary>
    [Range(0.0, 1.0)]
    public double? DefaultMinAgreement { get; set; }

    /// <summary>Off unless set, for the same reason as <see cref="DefaultMinAgreement"/>.</summary>
    [Range(0.0, 100.0)]
    public double? DefaultMaxPredictionPsi { get; set; }

    /// <summary>A regressor's shadowed score agrees with the champion's when they differ by at most this much.</summary>
    [Range(0.0, double.MaxValue)]
    public double DefaultAgreementTolerance { get; set; } = 0.01;

    [Range(1, 50)]
    public int MaxSteps { get; set; } = 20;

    /// <summary>How often each replica writes its step counts to the database and picks up step changes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a replica looks for rollouts to judge (one replica judges a rollout at a time).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan JudgeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The champion's latest logged scores whose deciles become the prediction histogram's bin edges.</summary>
    [Range(10, 100_000)]
    public int EdgeSampleSize { get; set; } = 2000;
}
