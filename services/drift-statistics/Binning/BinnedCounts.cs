namespace MlOps.Drift.Statistics.Binning;

/// <summary>Counts of reference and current values per bin (or per distinct value); Labels name the bins for reports.</summary>
public sealed record BinnedCounts(long[] Reference, long[] Current, string[] Labels)
{
    /// <summary>Share of the reference sample in each bin.</summary>
    public double[] ReferenceShares => ToShares(Reference);

    /// <summary>Share of the current sample in each bin.</summary>
    public double[] CurrentShares => ToShares(Current);

    private static double[] ToShares(long[] counts)
    {
        var total = (double)counts.Sum();
        return Array.ConvertAll(counts, c => c / total);
    }
}
