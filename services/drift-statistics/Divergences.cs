namespace MlOps.Drift.Statistics;

/// <summary>Distances between two binned distributions (shares per bin), defined as Evidently and scipy define them.</summary>
public static class Divergences
{
    /// <summary>Population stability index Σ (r − c)·ln(r / c) over zero-filled shares.</summary>
    public static double PopulationStabilityIndex(double[] referenceShares, double[] currentShares)
    {
        var (r, c) = (FillZeros(referenceShares), FillZeros(currentShares));
        var sum = 0.0;
        for (var i = 0; i < r.Length; i++)
        {
            sum += (r[i] - c[i]) * Math.Log(r[i] / c[i]);
        }
        return sum;
    }

    /// <summary>scipy.stats.entropy(reference, current) over zero-filled shares: KL(reference ‖ current) in nats.</summary>
    public static double KullbackLeibler(double[] referenceShares, double[] currentShares)
    {
        var (p, q) = (Normalize(FillZeros(referenceShares)), Normalize(FillZeros(currentShares)));
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += RelativeEntropy(p[i], q[i]);
        }
        return sum;
    }

    /// <summary>scipy.spatial.distance.jensenshannon(reference, current) with the natural log.</summary>
    public static double JensenShannon(double[] referenceShares, double[] currentShares)
    {
        var (p, q) = (Normalize(referenceShares), Normalize(currentShares));
        double left = 0, right = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var m = (p[i] + q[i]) / 2.0;
            left += RelativeEntropy(p[i], m);
            right += RelativeEntropy(q[i], m);
        }
        return Math.Sqrt((left + right) / 2);
    }

    /// <summary>Hellinger distance √(Σ (√r − √c)²) / √2, between 0 and 1.</summary>
    public static double Hellinger(double[] referenceShares, double[] currentShares)
    {
        var sum = 0.0;
        for (var i = 0; i < referenceShares.Length; i++)
        {
            var difference = Math.Sqrt(referenceShares[i]) - Math.Sqrt(currentShares[i]);
            sum += difference * difference;
        }
        return Math.Sqrt(sum) / Math.Sqrt(2);
    }

    /// <summary>Evidently's zero fill: zeros become min_nonzero/1e6 when the smallest non-zero share is ≤ 1e-4, else 1e-4.</summary>
    public static double[] FillZeros(double[] shares)
    {
        if (!shares.Contains(0.0))
        {
            return shares;
        }
        var nonZero = shares.Where(s => s != 0).DefaultIfEmpty(1.0).Min();
        var fill = nonZero <= 0.0001 ? nonZero / 1e6 : 0.0001;
        return Array.ConvertAll(shares, s => s == 0 ? fill : s);
    }

    private static double[] Normalize(double[] values)
    {
        var total = 0.0;
        foreach (var v in values)
        {
            total += v;
        }
        return Array.ConvertAll(values, v => v / total);
    }

    // scipy.special.rel_entr.
    private static double RelativeEntropy(double x, double y) => x > 0 && y > 0 ? x * Math.Log(x / y) : x == 0 && y >= 0 ? 0 : double.PositiveInfinity;
}
