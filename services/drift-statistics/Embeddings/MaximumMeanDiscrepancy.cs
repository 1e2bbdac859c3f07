namespace MlOps.Drift.Statistics.Embeddings;

/// <summary>
/// Unbiased MMD² with an RBF kernel whose bandwidth is the median pairwise distance (median heuristic), and a
/// permutation p-value as alibi-detect computes it: the pooled kernel matrix is built once and re-indexed per permutation.
/// Memory is quadratic, n² + n²/2 doubles for n pooled vectors: callers bound n (EmbeddingDrift samples each side).
/// </summary>
public static class MaximumMeanDiscrepancy
{
    /// <summary>MMD² and the share of label permutations with an MMD² at least as large (with the +1 correction).</summary>
    public static StatisticResult Test(double[][] reference, double[][] current, int permutations = 100, int seed = 20261127)
    {
        var pooled = reference.Concat(current).ToArray();
        var n = pooled.Length;
        var squaredDistances = new double[n * n];
        var upper = new List<double>(n * (n - 1) / 2);
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var d = SquaredDistance(pooled[i], pooled[j]);
                squaredDistances[i * n + j] = squaredDistances[j * n + i] = d;
                upper.Add(d);
            }
        }
        upper.Sort();
        var medianSquared = upper.Count == 0 ? 1.0 : upper[upper.Count / 2];
        var gamma = 1.0 / (2 * Math.Max(medianSquared, 1e-12));
        // In place: the n² distances become the kernel, so the test holds one n² matrix, not two.
        var kernel = squaredDistances;
        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] = Math.Exp(-gamma * kernel[i]);
        }

        var order = Enumerable.Range(0, n).ToArray();
        var observed = Unbiased(kernel, n, order, reference.Length);
        var random = new Random(seed);
        var atLeast = 0;
        for (var p = 0; p < permutations; p++)
        {
            random.Shuffle(order);
            if (Unbiased(kernel, n, order, reference.Length) >= observed)
            {
                atLeast++;
            }
        }
        return new StatisticResult(observed, (atLeast + 1.0) / (permutations + 1.0));
    }

    private static double Unbiased(double[] kernel, int n, int[] order, int m)
    {
        double xx = 0, yy = 0, xy = 0;
        var k = n - m;
        for (var a = 0; a < n; a++)
        {
            var row = order[a] * n;
            for (var b = a + 1; b < n; b++)
            {
                var value = kernel[row + order[b]];
                if (b < m)
                {
                    xx += value;
                }
                else if (a >= m)
                {
                    yy += value;
                }
                else
                {
                    xy += value;
                }
            }
        }
        return 2 * xx / (m * (m - 1.0)) + 2 * yy / (k * (k - 1.0)) - 2 * xy / ((double)m * k);
    }

    internal static double SquaredDistance(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }
}
