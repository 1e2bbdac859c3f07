namespace MlOps.Drift.Statistics.Kolmogorov;

/// <summary>Two-sample two-sided Kolmogorov–Smirnov test, equal to scipy.stats.ks_2samp(method="auto").</summary>
public static class KolmogorovSmirnovTest
{
    /// <summary>Largest sample size for which "auto" computes the exact distribution.</summary>
    public const int MaxExactSampleSize = 10_000;

    /// <summary>Statistic and p-value of two ascending-sorted samples without NaN.</summary>
    public static StatisticResult Compare(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        int n1 = sortedReference.Length, n2 = sortedCurrent.Length;
        if (n1 == 0 || n2 == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }
        var d = Statistic(sortedReference, sortedCurrent);
        if (Math.Max(n1, n2) <= MaxExactSampleSize)
        {
            var g = (long)System.Numerics.BigInteger.GreatestCommonDivisor(n1, n2);
            var lcm = n1 / g * n2;
            var h = (long)Math.Round(d * lcm);
            var exactD = (double)h / lcm;
            if (h == 0)
            {
                return new StatisticResult(exactD, 1.0);
            }
            if (TwoSampleExactDistribution.Survival(n1, n2, h) is { } exactP)
            {
                return new StatisticResult(exactD, exactP);
            }
            d = exactD;
        }
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var effectiveN = (int)Math.Round(m * n / (m + n));
        return new StatisticResult(d, Math.Clamp(KolmogorovDistribution.Survival(effectiveN, d), 0, 1));
    }

    // Largest gap between the two empirical CDFs, evaluated after each distinct value (ties move together).
    private static double Statistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length, i = 0, j = 0;
        double max = 0, min = 0;
        while (i < n1 || j < n2)
        {
            var value = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] <= value)
            {
                i++;
            }
            while (j < n2 && b[j] <= value)
            {
                j++;
            }
            var difference = (double)i / n1 - (double)j / n2;
            max = Math.Max(max, difference);
            min = Math.Min(min, difference);
        }
        var minS = Math.Clamp(-min, 0, 1);
        return minS > max ? minS : max;
    }
}
