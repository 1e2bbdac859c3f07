using System.Globalization;

/// <summary>
/// What the second of two targets adds, block by block: each of its blocks against the mean of the first target's blocks
/// just before and after it (which cancels a drift of the shared machine), then the median of those differences with a
/// 95 % bootstrap interval. A run's single p50 difference mixes what the gateway adds with how the machine moved between
/// the blocks; the spread of the block differences shows how much of it is the machine.
/// </summary>
internal static class BlockPairs
{
    private const int Resamples = 10_000;

    /// <summary>Prints the added p50 and p99 over blocks that alternate first target, second target, first, ...</summary>
    public static void Print(IReadOnlyList<List<double>> blocks)
    {
        var added50 = new List<double>();
        var added99 = new List<double>();
        for (var i = 1; i < blocks.Count; i += 2)
        {
            var around = i + 1 < blocks.Count ? new[] { blocks[i - 1], blocks[i + 1] } : [blocks[i - 1]];
            if (blocks[i].Count == 0 || around.Any(b => b.Count == 0))
            {
                continue;
            }
            added50.Add(Percentile(blocks[i], 0.5) - around.Average(b => Percentile(b, 0.5)));
            added99.Add(Percentile(blocks[i], 0.99) - around.Average(b => Percentile(b, 0.99)));
        }
        if (added50.Count < 2)
        {
            return;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"paired blocks ({added50.Count} of the second target, each against the first's around it): added p50 {Summary(added50)}; added p99 {Summary(added99)}"));
    }

    /// <summary>The median of the values and its 95 % bootstrap interval (fixed seed, so a run's figures repeat).</summary>
    public static string Summary(List<double> values)
    {
        var random = new Random(42);
        var medians = new double[Resamples];
        var sample = new List<double>(values.Count);
        for (var r = 0; r < Resamples; r++)
        {
            sample.Clear();
            for (var i = 0; i < values.Count; i++)
            {
                sample.Add(values[random.Next(values.Count)]);
            }
            sample.Sort();
            medians[r] = Median(sample);
        }
        Array.Sort(medians);
        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"median {Median(sorted):F2} ms (95 % CI {medians[(int)(Resamples * 0.025)]:F2} to {medians[(int)(Resamples * 0.975)]:F2}, range {sorted[0]:F2} to {sorted[^1]:F2})");
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];
    }
}
