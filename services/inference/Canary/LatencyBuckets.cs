namespace MlOps.Inference.Canary;

/// <summary>
/// A fixed log-scale latency histogram layout (eight buckets per doubling, about 9 % wide, from 1 µs to past 100 s), so
/// counts from every replica add up bucket by bucket and a p99 read from the sum is within one bucket of the true one.
/// </summary>
public static class LatencyBuckets
{
    private const int PerDoubling = 8;

    /// <summary>Bucket 0 holds latencies under 1 µs; the last one everything from about 134 s up.</summary>
    public const int Count = 1 + 27 * PerDoubling + 1;

    public static int IndexOf(long micros) =>
        micros < 1 ? 0 : Math.Min(Count - 1, 1 + (int)(Math.Log2(micros) * PerDoubling));

    /// <summary>A bucket's upper bound in microseconds (a quantile is reported as the bound of its bucket: never under-stated).</summary>
    public static double UpperMicros(int index) => Math.Pow(2, (double)index / PerDoubling);

    /// <summary>The quantile (0-1) of the counted latencies in milliseconds; null when nothing was counted.</summary>
    public static double? QuantileMilliseconds(long[] counts, double quantile)
    {
        var total = 0L;
        foreach (var c in counts)
        {
            total += c;
        }
        if (total == 0)
        {
            return null;
        }
        var rank = (long)Math.Ceiling(quantile * total);
        var seen = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return UpperMicros(i) / 1000.0;
            }
        }
        return UpperMicros(counts.Length - 1) / 1000.0;
    }
}
