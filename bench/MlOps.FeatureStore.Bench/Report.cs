using System.Globalization;

namespace MlOps.FeatureStore.Bench;

public static class Report
{
    public static void Latencies(string name, IEnumerable<TimeSpan> latencies)
    {
        var sorted = latencies.Select(l => l.TotalMilliseconds).Order().ToArray();
        Console.WriteLine(sorted.Length == 0 ? $"{name}: no samples" : string.Create(CultureInfo.InvariantCulture,
            $"{name}: n={sorted.Length} p50={At(sorted, 0.50):F2} ms p95={At(sorted, 0.95):F2} ms p99={At(sorted, 0.99):F2} ms max={sorted[^1]:F2} ms"));
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
