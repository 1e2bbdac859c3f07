namespace MlOps.Drift.Statistics.Kolmogorov;

/// <summary>P(D_n ≤ d) by Durbin's matrix method as Marsaglia, Tsang &amp; Wang (2003) compute it: a power of a (2k−1)² matrix, rescaled to stay in range.</summary>
internal static class DurbinMatrix
{
    private const int ScaleExponent = 128;
    private static readonly double ScaleUp = Math.ScaleB(1.0, ScaleExponent);
    private static readonly double ScaleDown = Math.ScaleB(1.0, -ScaleExponent);

    public static double Cdf(int n, double d)
    {
        if (d >= 1.0)
        {
            return 1.0;
        }
        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var matrix = InitialMatrix(m, h);

        var power = Identity(m);
        var powerExponent = 0;
        var matrixExponent = 0;
        for (var remaining = n; remaining > 0; remaining /= 2)
        {
            if (remaining % 2 == 1)
            {
                power = Multiply(power, matrix, m);
                powerExponent += matrixExponent;
            }
            matrix = Multiply(matrix, matrix, m);
            matrixExponent *= 2;
            if (Math.Abs(matrix[(k - 1) * m + k - 1]) > ScaleUp)
            {
                Scale(matrix, ScaleDown);
                matrixExponent += ScaleExponent;
            }
        }

        var p = power[(k - 1) * m + k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < ScaleDown)
            {
                p *= ScaleUp;
                powerExponent -= ScaleExponent;
            }
        }
        if (powerExponent != 0)
        {
            p = Math.ScaleB(p, powerExponent);
        }
        return KolmogorovDistribution.Clip(p);
    }

    private static double[] InitialMatrix(int m, double h)
    {
        var v = new double[m];
        var w = new double[m];
        var factorial = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = factorial;
            factorial /= j;
            v[j - 1] = (1.0 - Math.Pow(h, j)) * factorial;
        }
        var tail = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tail) * factorial;

        var matrix = new double[m * m];
        for (var i = 1; i < m; i++)
        {
            for (var row = i - 1; row < m; row++)
            {
                matrix[row * m + i] = w[row - i + 1];
            }
        }
        for (var row = 0; row < m; row++)
        {
            matrix[row * m] = v[row];
        }
        for (var column = 0; column < m; column++)
        {
            matrix[(m - 1) * m + column] = v[m - 1 - column];
        }
        return matrix;
    }

    private static double[] Identity(int m)
    {
        var identity = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            identity[i * m + i] = 1.0;
        }
        return identity;
    }

    private static double[] Multiply(double[] a, double[] b, int m)
    {
        var product = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var l = 0; l < m; l++)
            {
                var ail = a[i * m + l];
                if (ail == 0)
                {
                    continue;
                }
                for (var j = 0; j < m; j++)
                {
                    product[i * m + j] += ail * b[l * m + j];
                }
            }
        }
        return product;
    }

    private static void Scale(double[] matrix, double factor)
    {
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] *= factor;
        }
    }
}
