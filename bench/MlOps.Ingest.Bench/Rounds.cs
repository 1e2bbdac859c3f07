using System.Diagnostics;
using System.Globalization;

namespace MlOps.Ingest.Bench;

/// <summary>Timed rounds of a measured path and its baseline, interleaved, reported as ratios with their spread.</summary>
public static class Rounds
{
    public static async Task<TimeSpan> TimeAsync(Func<Task> run)
    {
        var stopwatch = Stopwatch.StartNew();
        await run();
        return stopwatch.Elapsed;
    }

    /// <summary>Prints each round and the median ratio (baseline time / measured time) with its min–max.</summary>
    public static void Report(string what, long rows, IReadOnlyList<(TimeSpan Measured, TimeSpan Baseline)> rounds)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (var (i, (m, b)) in rounds.Index())
        {
            Console.WriteLine(string.Create(c, $"{what} round {i + 1}: ingest {m.TotalSeconds:F2} s ({rows / m.TotalSeconds:N0} rows/s), "
                + $"baseline {b.TotalSeconds:F2} s ({rows / b.TotalSeconds:N0} rows/s), ratio {b / m:F2}"));
        }
        var ratios = rounds.Select(r => r.Baseline / r.Measured).Order().ToList();
        var measured = rounds.Select(r => rows / r.Measured.TotalSeconds).Order().ToList();
        var baseline = rounds.Select(r => rows / r.Baseline.TotalSeconds).Order().ToList();
        Console.WriteLine(string.Create(c, $"{what}: ratio median {Median(ratios):F2} ({ratios[0]:F2}–{ratios[^1]:F2}); ingest median "
            + $"{Median(measured):N0} rows/s ({measured[0]:N0}–{measured[^1]:N0}); baseline median {Median(baseline):N0} rows/s "
            + $"({baseline[0]:N0}–{baseline[^1]:N0})"));
    }

    public static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
