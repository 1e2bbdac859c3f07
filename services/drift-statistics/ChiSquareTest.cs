using MathNet.Numerics;

namespace MlOps.Drift.Statistics;

/// <summary>Pearson chi-square test of homogeneity on the 2×k table of counts, no continuity correction (scipy.stats.chi2_contingency(table, correction=False)).</summary>
public static class ChiSquareTest
{
    /// <summary>Statistic, p-value and degrees of freedom; bins empty on both sides are left out as scipy requires.</summary>
    public static StatisticResult Homogeneity(long[] referenceCounts, long[] currentCounts)
    {
        var columns = Enumerable.Range(0, referenceCounts.Length).Where(i => referenceCounts[i] + currentCounts[i] > 0).ToArray();
        double referenceTotal = columns.Sum(i => referenceCounts[i]), currentTotal = columns.Sum(i => currentCounts[i]);
        var total = referenceTotal + currentTotal;
        var degreesOfFreedom = columns.Length - 1;
        if (degreesOfFreedom <= 0)
        {
            return new StatisticResult(0.0, 1.0, 0);
        }
        var statistic = 0.0;
        foreach (var i in columns)
        {
            var columnTotal = (double)(referenceCounts[i] + currentCounts[i]);
            statistic += Term(referenceCounts[i], referenceTotal * columnTotal / total) + Term(currentCounts[i], currentTotal * columnTotal / total);
        }
        return new StatisticResult(statistic, UpperTail(statistic, degreesOfFreedom), degreesOfFreedom);
    }

    /// <summary>P(χ²_k ≥ x), the regularized upper incomplete gamma Q(k/2, x/2) as scipy's chdtrc.</summary>
    public static double UpperTail(double x, int degreesOfFreedom) => x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);

    private static double Term(double observed, double expected) => (observed - expected) * (observed - expected) / expected;
}
