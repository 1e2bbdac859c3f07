namespace MlOps.Drift.Statistics.Kolmogorov;

/// <summary>
/// Survival function of the one-sided Smirnov statistic D⁺_n by the Birnbaum–Tingey sum, with scipy's
/// special cases and cut-overs (scipy.special.smirnov). Terms are summed in log space so the huge binomial
/// coefficients and tiny powers never overflow.
/// </summary>
public static class SmirnovDistribution
{
    private const double MinLog = -7.08396418532264106224E2;
    private const int MaxComputeN = 1_000_000;
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>P(D⁺_n ≥ x).</summary>
    public static double Survival(int n, double x)
    {
        if (!(n > 0 && x >= 0.0 && x <= 1.0))
        {
            return double.NaN;
        }
        if (n == 1)
        {
            return 1 - x;
        }
        if (x == 0.0)
        {
            return 1.0;
        }
        if (x == 1.0)
        {
            return 0.0;
        }
        var nx = n * x;
        var nxFloor = (int)Math.Floor(nx);
        var alpha = nx - nxFloor;
        var lastTerm = n - nxFloor - (alpha == 0 ? 0 : 1);
        if (alpha == 0)
        {
            lastTerm -= 1;
        }
        if (nxFloor == 0 || (nxFloor == 1 && alpha == 0))
        {
            return KolmogorovDistribution.Clip(1 - x * Math.Pow(1 + x, n - 1));
        }
        if (-2 * n * x * x < MinLog)
        {
            return 0.0;
        }
        if (nxFloor >= n - 1)
        {
            return Math.Pow(1 - x, n);
        }
        if (n > MaxComputeN)
        {
            var logP = -Math.Pow(6.0 * n * x + 1, 2) / 18.0 / n;
            return logP < -Math.Log(2) ? Math.Exp(logP) : 1 - -double.ExpM1(logP);
        }
        return KolmogorovDistribution.Clip(x * LowerSum(n, x, lastTerm + 1));
    }

    // Σ_{v=0}^{terms-1} C(n,v) (1 − x − v/n)^(n−v) (x + v/n)^(v−1), stopping once the rest cannot matter.
    private static double LowerSum(int n, double x, int terms)
    {
        var sum = Math.Pow(1 - x, n) / x;
        var logBinomial = Math.Log(n);
        var middle = n / 2;
        for (var v = 1; v < terms; v++)
        {
            var logTerm = logBinomial + (n - v) * Math.Log((double)(n - v) / n - x) + (v - 1) * Math.Log((double)v / n + x);
            var term = Math.Exp(logTerm);
            if (double.IsFinite(term) && term != 0)
            {
                sum += term;
                if (4.0 * (terms - v) * term < MachineEpsilon * sum && v != terms - 1)
                {
                    break;
                }
            }
            else if (v > middle)
            {
                break;
            }
            logBinomial += Math.Log((double)(n - v) / (v + 1));
        }
        return sum;
    }
}
