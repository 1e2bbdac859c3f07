namespace MlOps.Drift.Statistics.Kolmogorov;

/// <summary>P(D_n ≤ x) by Pomeranz's (1974) recursion, the method scipy uses for n ≤ 140 and 0.75 &lt; n·x² ≤ 4.</summary>
internal static class PomeranzRecursion
{
    private const int ScaleExponent = 128;
    private static readonly double ScaleUp = Math.ScaleB(1.0, ScaleExponent);
    private static readonly double ScaleDown = Math.ScaleB(1.0, -ScaleExponent);

    public static double Cdf(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilF = f > 0 ? 1 : 0;
        var roundF = f > 0.5 ? 1 : 0;
        var powers = 2 * (ll + 1);
        var gPower = new double[powers];
        var twoGPower = new double[powers];
        var oneMinusTwoGPower = new double[powers];
        gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1.0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (var m = 1; m < powers; m++)
        {
            gPower[m] = gPower[m - 1] * gOverN / m;
            twoGPower[m] = twoGPower[m - 1] * twoGOverN / m;
            oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * oneMinusTwoGOverN / m;
        }

        var v0 = new double[powers];
        var v1 = new double[powers];
        v1[0] = 1;
        int v0Start = 0, v1Start = 0, exponent = 0;
        var (j1, j2) = Interval(0, n, ll, ceilF, roundF);
        for (var i = 1; i < 2 * n + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0Start, v1Start) = (v1Start, v0Start);
            Array.Clear(v1);
            (j1, j2) = Interval(i, n, ll, ceilF, roundF);
            var weights = i == 1 || i == 2 * n + 1 ? gPower : i % 2 == 1 ? twoGPower : oneMinusTwoGPower;
            var length = j2 - k1 + 1;
            if (length <= 0)
            {
                continue;
            }
            // Entries j1..j2 of the full convolution of v0[k1..] with the weights.
            var offset = k1 - v0Start;
            // numpy truncates slices that run past the arrays; missing entries count as zero.
            var valuesLength = Math.Min(length, powers - offset);
            var weightsLength = Math.Min(length, powers);
            var convStart = j1 - k1;
            var convLength = j2 - j1 + 1;
            var max = 0.0;
            for (var c = 0; c < convLength; c++)
            {
                var index = convStart + c;
                var sum = 0.0;
                for (var a = Math.Max(0, index - (weightsLength - 1)); a <= Math.Min(index, valuesLength - 1); a++)
                {
                    sum += v0[offset + a] * weights[index - a];
                }
                v1[c] = sum;
                max = Math.Max(max, sum);
            }
            if (max > 0 && max < ScaleDown)
            {
                for (var c = 0; c < convLength; c++)
                {
                    v1[c] *= ScaleUp;
                }
                exponent -= ScaleExponent;
            }
            v1Start = v0Start + j1 - k1;
        }

        var answer = v1[n - v1Start];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(answer) > ScaleUp)
            {
                answer *= ScaleDown;
                exponent += ScaleExponent;
            }
            answer *= m;
        }
        if (exponent != 0)
        {
            answer = Math.ScaleB(answer, exponent);
        }
        return KolmogorovDistribution.Clip(answer);
    }

    private static (int J1, int J2) Interval(int i, int n, int ll, int ceilF, int roundF)
    {
        int j1, j2;
        if (i == 0)
        {
            (j1, j2) = (-ll - ceilF - 1, ll + ceilF - 1);
        }
        else
        {
            var half = (i + 1) / 2;
            if ((i + 1) % 2 == 0)
            {
                (j1, j2) = half == n + 1
                    ? (n - ll - ceilF - 1, n + ll + ceilF - 1)
                    : (half - 1 - ll - roundF - 1, half + ll - 1 + ceilF - 1);
            }
            else
            {
                (j1, j2) = (half - 1 - ll - 1, half + ll + roundF - 1);
            }
        }
        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }
}
