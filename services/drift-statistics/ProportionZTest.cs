using MathNet.Numerics;

namespace MlOps.Drift.Statistics;

/// <summary>Two-sided z-test for the difference of two proportions with the pooled variance, as Evidently's z stattest.</summary>
public static class ProportionZTest
{
    /// <summary>Compares the share of one category in the two samples given its count (hits) in each.</summary>
    public static StatisticResult Compare(long referenceHits, long referenceTotal, long currentHits, long currentTotal)
    {
        double p1 = (double)referenceHits / referenceTotal, p2 = (double)currentHits / currentTotal;
        var pooled = (double)(referenceHits + currentHits) / (referenceTotal + currentTotal);
        var variance = pooled * (1 - pooled) * (1.0 / referenceTotal + 1.0 / currentTotal);
        if (variance <= 0)
        {
            // Both samples hold a single, identical value.
            return new StatisticResult(0.0, 1.0);
        }
        var z = (p1 - p2) / Math.Sqrt(variance);
        return new StatisticResult(z, SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }
}
