namespace MlOps.Drift.Statistics.Kolmogorov;

/// <summary>
/// Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, the distribution
/// scipy's <c>kstwo</c> uses for the asymptotic two-sample p-value. The algorithm choice follows
/// Simard &amp; L'Ecuyer (2011) with the same cut-overs as scipy 1.10, so results agree with it.
/// </summary>
public static class KolmogorovDistribution
{
    private const double PiSquared = Math.PI * Math.PI;
    private static readonly double SqrtTwoPi = Math.Sqrt(2 * Math.PI);

    /// <summary>P(D_n ≥ x).</summary>
    public static double Survival(int n, double x)
    {
        if (n <= 0 || double.IsNaN(x))
        {
            return double.NaN;
        }
        if (x >= 1.0)
        {
            return 0.0;
        }
        if (x <= 0.0)
        {
            return 1.0;
        }
        var t = n * x;
        if (t <= 1.0)
        {
            // Ruben–Gambino: the CDF has a closed form for 1/2n ≤ x ≤ 1/n.
            if (t <= 0.5)
            {
                return 1.0;
            }
            var cdf = n <= 140 ? SmallFactorialProduct(n, t) : Math.Exp(LogFactorialOverPower(n) + n * Math.Log(2 * t - 1));
            return Clip(1.0 - cdf);
        }
        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1.0 - x, n));
        }
        if (x >= 0.5)
        {
            return Clip(2 * SmirnovDistribution.Survival(n, x));
        }
        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693)
            {
                return Clip(1.0 - DurbinMatrix.Cdf(n, x));
            }
            if (nxSquared <= 4)
            {
                return Clip(1.0 - PomeranzRecursion.Cdf(n, x));
            }
            return Clip(2 * SmirnovDistribution.Survival(n, x));
        }
        if (nxSquared >= 370.0)
        {
            return 0.0;
        }
        if (nxSquared >= 2.2)
        {
            return Clip(2 * SmirnovDistribution.Survival(n, x));
        }
        var cdfProbability = n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4 ? DurbinMatrix.Cdf(n, x) : PelzGoodCdf(n, x);
        return Clip(1.0 - cdfProbability);
    }

    private static double SmallFactorialProduct(int n, double t)
    {
        var product = 1.0;
        for (var i = 1; i <= n; i++)
        {
            product *= i * (1.0 / n) * (2 * t - 1);
        }
        return product;
    }

    // log(n!/n^n) by Stirling's series with n·log(n) removed up front to avoid cancellation.
    private static double LogFactorialOverPower(int n)
    {
        ReadOnlySpan<double> stirling = [-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
            -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2];
        var rn = 1.0 / n;
        var z = rn / n;
        var series = 0.0;
        foreach (var c in stirling)
        {
            series = series * z + c;
        }
        return Math.Log(n) / 2 - n + Math.Log(2 * Math.PI) / 2 + rn * series;
    }

    // Pelz–Good asymptotic expansion of P(D_n ≤ x), for large n.
    private static double PelzGoodCdf(int n, double x)
    {
        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        var qLog = -PiSquared / 8 / z2;
        if (qLog < -708)
        {
            return 0.0;
        }
        var q = Math.Exp(qLog);
        double k1a = -z2, k1b = PiSquared / 4;
        double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * PiSquared / 4, k2c = PiSquared * PiSquared * (1 - 2 * z2) / 16;
        var pi4 = PiSquared * PiSquared;
        var pi6 = pi4 * PiSquared;
        double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16, k3b = PiSquared * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * Math.Pow(z, 8);

        Span<double> k = stackalloc double[4];
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var j = maxK; j > 0; j--)
        {
            var m = 2.0 * j - 1;
            double m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
            var qPower = Math.Pow(q, 8.0 * j);
            k[0] = k[0] * qPower + 1.0;
            k[1] = k[1] * qPower + (k1a + k1b * m2);
            k[2] = k[2] * qPower + (k2a + k2b * m2 + k2c * m4);
            k[3] = k[3] * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
        }
        Span<double> divisors = [z, 6 * z4, 72 * Math.Pow(z, 7), 6480 * Math.Pow(z, 10)];
        for (var i = 0; i < 4; i++)
        {
            k[i] = k[i] * q * SqrtTwoPi / divisors[i];
        }

        var q2 = Math.Exp(-PiSquared / 2 / z2);
        double k2Extra = 0, k3Extra = 0;
        var sqrt3z = Math.Sqrt(3) * z;
        for (var j = maxK; j > 0; j--)
        {
            var jSquared = (double)j * j;
            var qPower = Math.Pow(q2, jSquared);
            k2Extra += jSquared * qPower;
            var kPi = Math.PI * j;
            k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * jSquared * qPower;
        }
        k[2] += k2Extra * PiSquared * SqrtTwoPi / (-36 * z3);
        k[3] += k3Extra * PiSquared * SqrtTwoPi / (216 * z6);
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            sum += k[i] / Math.Pow(n, i / 2.0);
        }
        return sum;
    }

    internal static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);
}
