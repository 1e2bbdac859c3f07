using MlOps.Drift.Statistics.Binning;
using MlOps.Drift.Statistics.Kolmogorov;

namespace MlOps.Drift.Statistics.Selection;

/// <summary>Runs the chosen tests on one column; the first test (the default when none is chosen) decides drift.</summary>
public static class ColumnDriftEvaluator
{
    /// <summary>Evaluates a column; throws <see cref="ArgumentException"/> when a test does not apply to it.</summary>
    public static ColumnDriftResult Evaluate(ColumnSample column, ColumnDriftOptions? options = null)
    {
        if (column.ReferenceCount == 0 || column.CurrentCount == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }
        var tests = options?.StatTests is { Count: > 0 } chosen ? chosen : [DefaultTestSelector.Select(column)];
        var bins = column.Kind == ColumnKind.Numeric
            ? Binner.Numeric(column.SortedReference, column.SortedCurrent)
            : Binner.Categorical(column.ReferenceCategories, column.CurrentCategories);
        var results = new Dictionary<string, StatisticResult>(StringComparer.Ordinal);
        foreach (var test in tests)
        {
            results[test.Name] = Run(test, column, bins);
        }
        var decider = tests[0];
        var threshold = options?.Threshold ?? decider.DefaultThreshold;
        var decision = results[decider.Name];
        return new ColumnDriftResult(column.Kind, results, decider.IsDrift(decision, threshold), decider.Name, threshold, decider.Score(decision), bins);
    }

    private static StatisticResult Run(StatTest test, ColumnSample column, BinnedCounts bins)
    {
        if (test.NumericOnly && column.Kind != ColumnKind.Numeric)
        {
            throw new ArgumentException($"'{test.Name}' applies to numeric columns only.");
        }
        var (reference, current) = (column.SortedReference, column.SortedCurrent);
        return test.Name switch
        {
            "ks" => KolmogorovSmirnovTest.Compare(reference, current),
            "wasserstein" => new StatisticResult(CdfDistances.Wasserstein(reference, current)),
            "wasserstein_normed" => new StatisticResult(CdfDistances.WassersteinNormed(reference, current)),
            "energy" => new StatisticResult(CdfDistances.Energy(reference, current)),
            "psi" => new StatisticResult(Divergences.PopulationStabilityIndex(bins.ReferenceShares, bins.CurrentShares)),
            "jensenshannon" => new StatisticResult(Divergences.JensenShannon(bins.ReferenceShares, bins.CurrentShares)),
            "kl" => new StatisticResult(Divergences.KullbackLeibler(bins.ReferenceShares, bins.CurrentShares)),
            "hellinger" => new StatisticResult(Divergences.Hellinger(bins.ReferenceShares, bins.CurrentShares)),
            "chi2" => ChiSquareTest.Homogeneity(bins.Reference, bins.Current),
            "z" => ProportionZ(bins),
            _ => throw new ArgumentException($"Unknown test '{test.Name}'."),
        };
    }

    private static StatisticResult ProportionZ(BinnedCounts bins)
    {
        if (bins.Labels.Length > 2)
        {
            throw new ArgumentException($"'z' compares two values; this column has {bins.Labels.Length}.");
        }
        return ProportionZTest.Compare(bins.Reference[0], bins.Reference.Sum(), bins.Current[0], bins.Current.Sum());
    }
}
