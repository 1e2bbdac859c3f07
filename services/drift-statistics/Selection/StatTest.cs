namespace MlOps.Drift.Statistics.Selection;

/// <summary>A drift test by its API name: whether it yields a p-value (drift when p &lt; threshold) or a distance (drift when ≥ threshold), and which columns it accepts.</summary>
public sealed record StatTest(string Name, bool IsPValueTest, bool NumericOnly)
{
    /// <summary>Kolmogorov–Smirnov two-sample test.</summary>
    public static readonly StatTest KolmogorovSmirnov = new("ks", true, true);
    /// <summary>Wasserstein distance in the column's units.</summary>
    public static readonly StatTest Wasserstein = new("wasserstein", false, true);
    /// <summary>Wasserstein distance over the reference standard deviation.</summary>
    public static readonly StatTest WassersteinNormed = new("wasserstein_normed", false, true);
    /// <summary>Energy distance.</summary>
    public static readonly StatTest Energy = new("energy", false, true);
    /// <summary>Population stability index.</summary>
    public static readonly StatTest Psi = new("psi", false, false);
    /// <summary>Jensen–Shannon distance.</summary>
    public static readonly StatTest JensenShannon = new("jensenshannon", false, false);
    /// <summary>Kullback–Leibler divergence.</summary>
    public static readonly StatTest KullbackLeibler = new("kl", false, false);
    /// <summary>Hellinger distance.</summary>
    public static readonly StatTest Hellinger = new("hellinger", false, false);
    /// <summary>Chi-square test of homogeneity.</summary>
    public static readonly StatTest ChiSquare = new("chi2", true, false);
    /// <summary>Two-proportion z-test, for columns with two values.</summary>
    public static readonly StatTest ProportionZ = new("z", true, false);

    /// <summary>Every test, by name.</summary>
    public static readonly IReadOnlyDictionary<string, StatTest> ByName =
        new[] { KolmogorovSmirnov, Wasserstein, WassersteinNormed, Energy, Psi, JensenShannon, KullbackLeibler, Hellinger, ChiSquare, ProportionZ }
            .ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>0.05 for p-value tests, 0.1 for distances.</summary>
    public double DefaultThreshold => IsPValueTest ? 0.05 : 0.1;

    /// <summary>Whether this result means drift under the threshold.</summary>
    public bool IsDrift(StatisticResult result, double threshold) =>
        IsPValueTest ? result.PValue < threshold : result.Statistic >= threshold;

    /// <summary>The value compared with the threshold: the p-value or the statistic.</summary>
    public double Score(StatisticResult result) => IsPValueTest ? result.PValue ?? 1.0 : result.Statistic;
}
