using MlOps.Drift.Statistics;
using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift.Tests.Statistics;

public sealed class SelectionTests
{
    private static double[] Normal(int n, double mean, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => mean + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();
    }

    [Fact]
    public void DefaultTest_SmallReferenceContinuous_IsKs() =>
        Assert.Equal("ks", DefaultTestSelector.Select(ColumnSample.Numeric(Normal(1000, 0, 1), Normal(50, 0, 2))).Name);

    [Fact]
    public void DefaultTest_LargeReferenceContinuous_IsWassersteinNormed() =>
        Assert.Equal("wasserstein_normed", DefaultTestSelector.Select(ColumnSample.Numeric(Normal(1001, 0, 1), Normal(50, 0, 2))).Name);

    [Fact]
    public void DefaultTest_SmallReferenceFewValues_IsChiSquareOrZ()
    {
        Assert.Equal("chi2", DefaultTestSelector.Select(ColumnSample.Numeric([1, 2, 3, 1, 2], [1, 2])).Name);
        Assert.Equal("z", DefaultTestSelector.Select(ColumnSample.Categorical(["a", "b", "a"], ["a"])).Name);
        Assert.Equal("chi2", DefaultTestSelector.Select(ColumnSample.Categorical(["a", "b"], ["c"])).Name);
    }

    [Fact]
    public void DefaultTest_LargeReferenceCategorical_IsJensenShannon() =>
        Assert.Equal("jensenshannon", DefaultTestSelector.Select(ColumnSample.Categorical([.. Enumerable.Repeat("a", 1500)], ["b"])).Name);

    [Fact]
    public void Evaluate_ShiftedLargeReference_DriftsByWassersteinNormedAtDefaultThreshold()
    {
        var shifted = ColumnDriftEvaluator.Evaluate(ColumnSample.Numeric(Normal(5000, 0, 1), Normal(2000, 0.5, 2)));
        var same = ColumnDriftEvaluator.Evaluate(ColumnSample.Numeric(Normal(5000, 0, 3), Normal(2000, 0, 4)));
        Assert.True(shifted.DriftDetected);
        Assert.Equal(("wasserstein_normed", 0.1), (shifted.Method, shifted.Threshold));
        Assert.False(same.DriftDetected);
    }

    [Fact]
    public void Evaluate_ChosenTestsAndThreshold_FirstTestDecidesOthersReported()
    {
        var options = new ColumnDriftOptions([StatTest.Psi, StatTest.KolmogorovSmirnov], 0.5);
        var result = ColumnDriftEvaluator.Evaluate(ColumnSample.Numeric(Normal(3000, 0, 5), Normal(3000, 0.3, 6)), options);
        Assert.Equal("psi", result.Method);
        Assert.False(result.DriftDetected);
        Assert.True(result.Tests["ks"].PValue < 0.05);
        Assert.Equal(result.Tests["psi"].Statistic, result.Score);
    }

    [Fact]
    public void Evaluate_NumericOnlyTestOnCategories_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ColumnDriftEvaluator.Evaluate(ColumnSample.Categorical(["a"], ["b"]), new ColumnDriftOptions([StatTest.KolmogorovSmirnov])));
        Assert.Contains("'ks'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatasetDrift_HalfTheColumnsDrifted_IsDatasetDrift()
    {
        var drifted = ColumnDriftEvaluator.Evaluate(ColumnSample.Categorical([.. Enumerable.Repeat("a", 100)], [.. Enumerable.Repeat("b", 100)]));
        var stable = ColumnDriftEvaluator.Evaluate(ColumnSample.Categorical([.. Enumerable.Repeat("a", 100)], [.. Enumerable.Repeat("a", 100)]));
        Assert.Equal((0.5, true), DatasetDriftRule.Apply([drifted, stable]));
        Assert.Equal((0.5, false), DatasetDriftRule.Apply([drifted, stable], 0.6));
    }
}
