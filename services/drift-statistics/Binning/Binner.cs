using System.Globalization;

namespace MlOps.Drift.Statistics.Binning;

/// <summary>
/// The binning psi, Jensen–Shannon, KL, Hellinger and chi-square share: numeric columns with more than
/// <see cref="MaxDistinctForValueShares"/> distinct reference values get numpy's Sturges edges over both
/// samples; everything else is counted per distinct value over the union of values.
/// </summary>
public static class Binner
{
    /// <summary>At most this many distinct reference values: count per value instead of histogram bins.</summary>
    public const int MaxDistinctForValueShares = 20;

    /// <summary>Bins two ascending-sorted numeric samples.</summary>
    public static BinnedCounts Numeric(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent) =>
        CountDistinct(sortedReference, MaxDistinctForValueShares + 1) > MaxDistinctForValueShares
            ? Histogram(sortedReference, sortedCurrent, SturgesEdges(sortedReference, sortedCurrent))
            : ValueCounts(sortedReference, sortedCurrent);

    /// <summary>Counts per category over the sorted union of categories.</summary>
    public static BinnedCounts Categorical(IEnumerable<string> reference, IEnumerable<string> current)
    {
        var referenceCounts = reference.CountBy(v => v, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var currentCounts = current.CountBy(v => v, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var labels = referenceCounts.Keys.Union(currentCounts.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new BinnedCounts(
            Array.ConvertAll(labels, l => (long)referenceCounts.GetValueOrDefault(l)),
            Array.ConvertAll(labels, l => (long)currentCounts.GetValueOrDefault(l)),
            labels);
    }

    /// <summary>numpy.histogram_bin_edges(concat(reference, current), bins="sturges") of two sorted samples.</summary>
    public static double[] SturgesEdges(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var min = Math.Min(sortedReference[0], sortedCurrent[0]);
        var max = Math.Max(sortedReference[^1], sortedCurrent[^1]);
        var width = (max - min) / (Math.Log2(sortedReference.Length + sortedCurrent.Length) + 1.0);
        var (first, last) = min == max ? (min - 0.5, max + 0.5) : (min, max);
        var bins = width != 0 ? (int)Math.Ceiling((last - first) / width) : 1;
        return Linspace(first, last, bins + 1);
    }

    /// <summary>numpy.linspace with the endpoint, the same arithmetic so edges match bit for bit.</summary>
    internal static double[] Linspace(double start, double stop, int count)
    {
        var edges = new double[count];
        var divisions = count - 1;
        var delta = stop - start;
        var step = delta / divisions;
        for (var i = 0; i < count; i++)
        {
            edges[i] = (step == 0 ? i / (double)divisions * delta : i * step) + start;
        }
        edges[^1] = stop;
        return edges;
    }

    /// <summary>numpy.histogram counts of sorted samples over given edges: [e_i, e_i+1), the last bin closed.</summary>
    public static BinnedCounts Histogram(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, double[] edges)
    {
        var labels = new string[edges.Length - 1];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = $"[{Label(edges[i])}, {Label(edges[i + 1])}{(i == labels.Length - 1 ? "]" : ")")}";
        }
        return new BinnedCounts(CountInBins(sortedReference, edges), CountInBins(sortedCurrent, edges), labels);
    }

    // Four significant digits, but whole numbers written out (40070, not 4.007E+04).
    private static string Label(double edge) =>
        Math.Abs(edge) is >= 1e4 and < 1e12 ? edge.ToString("F0", CultureInfo.InvariantCulture) : edge.ToString("G4", CultureInfo.InvariantCulture);

    private static long[] CountInBins(ReadOnlySpan<double> sorted, double[] edges)
    {
        var counts = new long[edges.Length - 1];
        for (var i = 0; i < counts.Length; i++)
        {
            var upper = i == counts.Length - 1 ? UpperBound(sorted, edges[i + 1]) : LowerBound(sorted, edges[i + 1]);
            counts[i] = upper - LowerBound(sorted, edges[i]);
        }
        return counts;
    }

    private static BinnedCounts ValueCounts(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        List<long> referenceCounts = [], currentCounts = [];
        List<string> labels = [];
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var value = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            var (startI, startJ) = (i, j);
            while (i < a.Length && a[i] == value)
            {
                i++;
            }
            while (j < b.Length && b[j] == value)
            {
                j++;
            }
            referenceCounts.Add(i - startI);
            currentCounts.Add(j - startJ);
            labels.Add(value.ToString("G6", CultureInfo.InvariantCulture));
        }
        return new BinnedCounts([.. referenceCounts], [.. currentCounts], [.. labels]);
    }

    /// <summary>Distinct values of a sorted sample, counting no further than <paramref name="stopAt"/>.</summary>
    public static int CountDistinct(ReadOnlySpan<double> sorted, int stopAt = int.MaxValue)
    {
        var distinct = sorted.IsEmpty ? 0 : 1;
        for (var i = 1; i < sorted.Length && distinct < stopAt; i++)
        {
            if (sorted[i] != sorted[i - 1])
            {
                distinct++;
            }
        }
        return distinct;
    }

    private static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }
}
