using MlOps.Drift.Statistics;
using MlOps.Drift.Statistics.Binning;
using MlOps.Drift.Statistics.Kolmogorov;

namespace MlOps.Drift.Tests.Statistics;

/// <summary>Every statistic against scipy 1.10 / numpy 1.24: the shared vectors and the cases generate.py writes.</summary>
public sealed class ReferenceCaseTests
{
    private const double StatisticTolerance = 1e-9;
    private const double PValueTolerance = 1e-6;
    private const double PValueAbsoluteTolerance = 1e-12;

    public static TheoryData<string> Cases() => [.. ReferenceCase.Files()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Statistics_ReferenceCase_MatchScipy(string file)
    {
        var c = ReferenceCase.Load(file);
        var computed = Compute(c);
        Assert.NotEmpty(c.Expected);
        foreach (var (key, expected) in c.Expected)
        {
            Assert.True(computed.TryGetValue(key, out var actual), $"{c.Name}: nothing computed for {key}");
            var isPValue = key.EndsWith("pvalue", StringComparison.Ordinal);
            var close = isPValue
                ? Math.Abs(actual - expected) <= PValueAbsoluteTolerance || Math.Abs(actual - expected) <= PValueTolerance * Math.Abs(expected)
                : actual == expected || Math.Abs(actual - expected) <= StatisticTolerance * Math.Abs(expected);
            Assert.True(close, $"{c.Name}: {key} = {actual:R}, scipy says {expected:R}");
        }
    }

    private static Dictionary<string, double> Compute(ReferenceCase c)
    {
        var values = new Dictionary<string, double>();
        BinnedCounts binned;
        if (c.Kind == "numeric")
        {
            var (reference, current) = (c.SortedReference(), c.SortedCurrent());
            var ks = KolmogorovSmirnovTest.Compare(reference, current);
            values["ks_statistic"] = ks.Statistic;
            values["ks_pvalue"] = ks.PValue!.Value;
            values["wasserstein"] = CdfDistances.Wasserstein(reference, current);
            values["wasserstein_normed"] = CdfDistances.WassersteinNormed(reference, current);
            values["energy"] = CdfDistances.Energy(reference, current);
            binned = Binner.Numeric(reference, current);
        }
        else
        {
            binned = Binner.Categorical(c.ReferenceCategories(), c.CurrentCategories());
            if (binned.Labels.Length == 2)
            {
                var z = ProportionZTest.Compare(binned.Reference[0], binned.Reference.Sum(), binned.Current[0], binned.Current.Sum());
                values["z_statistic"] = z.Statistic;
                values["z_pvalue"] = z.PValue!.Value;
            }
        }
        var (r, cur) = (binned.ReferenceShares, binned.CurrentShares);
        values["psi"] = Divergences.PopulationStabilityIndex(r, cur);
        values["jensenshannon"] = Divergences.JensenShannon(r, cur);
        values["kl"] = Divergences.KullbackLeibler(r, cur);
        values["hellinger"] = Divergences.Hellinger(r, cur);
        var chi2 = ChiSquareTest.Homogeneity(binned.Reference, binned.Current);
        values["chi2_statistic"] = chi2.Statistic;
        values["chi2_pvalue"] = chi2.PValue!.Value;
        values["chi2_dof"] = chi2.DegreesOfFreedom!.Value;
        return values;
    }
}
