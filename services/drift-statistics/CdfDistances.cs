namespace MlOps.Drift.Statistics;

/// <summary>Distances between empirical CDFs of two sorted samples: scipy's wasserstein_distance and energy_distance.</summary>
public static class CdfDistances
{
    /// <summary>First Wasserstein (earth mover's) distance, ∫|U − V|.</summary>
    public static double Wasserstein(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent) =>
        Integrate(sortedReference, sortedCurrent, squared: false);

    /// <summary>Energy distance √2 · √(∫(U − V)²).</summary>
    public static double Energy(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent) =>
        Math.Sqrt(2) * Math.Sqrt(Integrate(sortedReference, sortedCurrent, squared: true));

    /// <summary>Wasserstein distance over the reference's population standard deviation (at least 0.001), Evidently's wasserstein_normed.</summary>
    public static double WassersteinNormed(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent) =>
        Wasserstein(sortedReference, sortedCurrent) / Math.Max(Moments.PopulationStandardDeviation(sortedReference), 0.001);

    // Walks the merged order once: between consecutive values both CDFs are constant.
    private static double Integrate(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool squared)
    {
        int n1 = a.Length, n2 = b.Length, i = 0, j = 0;
        var sum = 0.0;
        var current = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i++] : b[j++];
        while (i < n1 || j < n2)
        {
            var next = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            var gap = (double)i / n1 - (double)j / n2;
            var height = squared ? gap * gap : Math.Abs(gap);
            sum += height * (next - current);
            if (j >= n2 || (i < n1 && a[i] <= b[j]))
            {
                i++;
            }
            else
            {
                j++;
            }
            current = next;
        }
        return sum;
    }
}
