namespace MlOps.Drift.Statistics.Embeddings;

/// <summary>Compares two sets of embedding vectors: MMD with a permutation p-value (decides), domain-classifier AUC, distance between mean embeddings.</summary>
public static class EmbeddingDrift
{
    /// <summary>
    /// Default vectors per side for the MMD kernel and the classifier; larger sets are sampled down with a fixed seed. The
    /// kernel holds 1.5·(2s)² doubles (s = 500: 12 MB); the classifier does 200 epochs over 2s vectors of d dimensions.
    /// </summary>
    public const int DefaultSampleVectorsPerSide = 500;

    /// <summary>Evaluates embedding drift; drift when the MMD p-value is below <paramref name="pValueThreshold"/>.</summary>
    public static EmbeddingDriftResult Evaluate(double[][] reference, double[][] current, double pValueThreshold = 0.05, int seed = 20261127,
        int sampleVectorsPerSide = DefaultSampleVectorsPerSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleVectorsPerSide, 2);
        if (reference.Length < 2 || current.Length < 2)
        {
            throw new ArgumentException("Embedding drift needs at least two vectors on each side.");
        }
        var dimensions = reference[0].Length;
        if (dimensions == 0 || reference.Concat(current).Any(v => v.Length != dimensions))
        {
            throw new ArgumentException($"Every embedding needs the same, non-zero number of dimensions ({dimensions}).");
        }
        var random = new Random(seed);
        var (r, c) = (Sample(reference, random, sampleVectorsPerSide), Sample(current, random, sampleVectorsPerSide));
        var mmd = MaximumMeanDiscrepancy.Test(r, c, seed: seed);
        var auc = DomainClassifier.CrossValidatedAuc(r, c, seed);
        var (meanReference, meanCurrent) = (Mean(reference), Mean(current));
        var distance = Math.Sqrt(MaximumMeanDiscrepancy.SquaredDistance(meanReference, meanCurrent));
        return new EmbeddingDriftResult(mmd, auc, distance, CosineDistance(meanReference, meanCurrent), mmd.PValue < pValueThreshold, pValueThreshold);
    }

    private static double[][] Sample(double[][] rows, Random random, int size)
    {
        if (rows.Length <= size)
        {
            return rows;
        }
        var copy = (double[][])rows.Clone();
        random.Shuffle(copy);
        return copy[..size];
    }

    private static double[] Mean(double[][] rows)
    {
        var mean = new double[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += row[i] / rows.Length;
            }
        }
        return mean;
    }

    private static double CosineDistance(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : 1 - dot / Math.Sqrt(na * nb);
    }
}
