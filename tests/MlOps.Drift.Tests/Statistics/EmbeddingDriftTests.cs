using MlOps.Drift.Statistics;
using MlOps.Drift.Statistics.Embeddings;

namespace MlOps.Drift.Tests.Statistics;

public sealed class EmbeddingDriftTests
{
    private static double[][] Vectors(int rows, int dimensions, double shift, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, dimensions).Select(d => random.NextDouble() + (d < 4 ? shift : 0)).ToArray()).ToArray();
    }

    [Fact]
    public void Evaluate_SameDistribution_NoDrift()
    {
        var result = EmbeddingDrift.Evaluate(Vectors(300, 16, 0, 1), Vectors(300, 16, 0, 2));
        Assert.False(result.DriftDetected);
        Assert.True(result.Mmd.PValue > 0.05, $"p = {result.Mmd.PValue}");
        Assert.InRange(result.DomainClassifierAuc, 0.4, 0.6);
    }

    [Fact]
    public void Evaluate_ShiftInSomeDimensions_DriftByAllThreeMethods()
    {
        var result = EmbeddingDrift.Evaluate(Vectors(300, 16, 0, 1), Vectors(300, 16, 0.3, 2));
        Assert.True(result.DriftDetected);
        Assert.True(result.Mmd.PValue < 0.05);
        Assert.True(result.DomainClassifierAuc > 0.8, $"AUC = {result.DomainClassifierAuc}");
        Assert.InRange(result.MeanDistance, 0.5, 0.7);
    }

    [Fact]
    public void Evaluate_MixedDimensions_Throws() =>
        Assert.Throws<ArgumentException>(() => EmbeddingDrift.Evaluate([[1, 2], [3, 4]], [[1, 2], [3]]));

    [Fact]
    public void RocAuc_PerfectAndTiedScores_AreOneAndHalf()
    {
        Assert.Equal(1.0, RocAuc.FromScores([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
        Assert.Equal(0.5, RocAuc.FromScores([0.5, 0.5, 0.5, 0.5], [false, true, false, true]));
    }
}
