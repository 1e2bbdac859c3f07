using MlOps.Trainer.Training;

namespace MlOps.Trainer.Tests;

/// <summary>The comparison's figures on rows small enough to work out by hand.</summary>
public sealed class BinaryMetricsTests
{
    [Fact]
    public void Compute_FourRows_AucIsTheShareOfCorrectlyOrderedPairs()
    {
        // Pairs (positive, negative): (0.35, 0.1) right, (0.35, 0.4) wrong, (0.8, 0.1) right, (0.8, 0.4) right: 3 of 4.
        var metrics = BinaryMetrics.Compute([0.1f, 0.4f, 0.35f, 0.8f], [false, false, true, true]);

        Assert.Equal(0.75, metrics["auc"], 12);
        // At 0.5: 0.1 and 0.4 say no (right), 0.35 says no (wrong), 0.8 says yes (right).
        Assert.Equal(0.75, metrics["accuracy"], 12);
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.35) + Math.Log(0.8)) / 4, metrics["log_loss"], 6);
    }

    [Fact]
    public void Compute_TiedScores_CountHalf()
    {
        // (0.5, 0.5) is a tie (one half), (0.5, 0.2) right: 1.5 of 2.
        var metrics = BinaryMetrics.Compute([0.5f, 0.5f, 0.2f], [true, false, false]);

        Assert.Equal(0.75, metrics["auc"], 12);
    }

    [Fact]
    public void Compute_OneClassOnly_NoFigures()
    {
        Assert.Empty(BinaryMetrics.Compute([0.2f, 0.9f], [true, true]));
    }
}
