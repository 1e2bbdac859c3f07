namespace MlOps.Drift.Statistics.Kolmogorov;

/// <summary>
/// Exact two-sided p-value of the two-sample KS statistic by lattice-path counting, as scipy's ks_2samp
/// does it: a closed alternating series when both samples have the same size, otherwise Hodges' inside
/// method in Viehmann's form that yields 1 − p directly for numerical stability.
/// </summary>
internal static class TwoSampleExactDistribution
{
    /// <summary>P(D ≥ h/lcm(m, n)), or null when the computation leaves the floating-point range (then the caller falls back to the asymptotic distribution).</summary>
    public static double? Survival(int m, int n, long h)
    {
        var p = m == n ? OutsideSquare(m, h) : OutsideInsideMethod(m, n, h);
        return double.IsFinite(p) && p is >= 0 and <= 1 ? p : null;
    }

    // 2·Σ_k (−1)^(k+1) C(2n, n−kh)/C(2n, n), evaluated Horner-style to avoid cancellation.
    private static double OutsideSquare(int n, long h)
    {
        var p = 0.0;
        for (var k = (long)Math.Floor((double)n / h); k >= 0; k--)
        {
            var term = 1.0;
            for (long j = 0; j < h; j++)
            {
                term = (n - k * h - j) * term / (n + k * h + j + 1);
            }
            p = term * (1.0 - p);
        }
        return 2 * p;
    }

    private static double OutsideInsideMethod(int first, int second, long h)
    {
        long m = Math.Max(first, second), n = Math.Min(first, second);
        var g = (long)System.Numerics.BigInteger.GreatestCommonDivisor(m, n);
        long mg = m / g, ng = n / g;
        var minJ = 0L;
        var maxJ = Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        var currentLength = maxJ - minJ;
        var a = new double[Math.Min(2 * maxJ + 2, n + 1)];
        Array.Fill(a, 1.0);
        Array.Clear(a, (int)minJ, (int)(maxJ - minJ));
        for (long i = 1; i <= m; i++)
        {
            var lastMinJ = minJ;
            var lastLength = currentLength;
            minJ = Math.Min(Math.Max((long)Math.Floor((double)(ng * i - h) / mg) + 1, 0), n);
            maxJ = Math.Min((long)Math.Ceiling((double)(ng * i + h) / mg), n + 1);
            if (maxJ <= minJ)
            {
                return 1.0;
            }
            var value = minJ == 0 ? 0.0 : 1.0;
            for (var jj = 0L; jj < maxJ - minJ; jj++)
            {
                var j = jj + minJ;
                value = (a[jj + minJ - lastMinJ] * i + value * j) / (i + j);
                a[jj] = value;
            }
            currentLength = maxJ - minJ;
            if (lastLength > currentLength)
            {
                Array.Fill(a, 1.0, (int)(maxJ - minJ), (int)Math.Min(lastLength - currentLength, a.Length - (maxJ - minJ)));
            }
        }
        return a[maxJ - minJ - 1];
    }
}
