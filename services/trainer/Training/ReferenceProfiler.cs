using System.Text.Json.Nodes;

namespace MlOps.Trainer.Training;

/// <summary>
/// The reference profile drift compares live traffic with: per feature its type, moments, quantiles, a 20-bin histogram
/// (numeric) or value counts (categorical), and a bounded row-aligned sample; plus the holdout's predicted probabilities.
/// </summary>
public static class ReferenceProfiler
{
    private static readonly double[] QuantileLevels = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];
    private const int HistogramBins = 20;

    public static JsonObject Profile(TabularData data, float[] holdoutProbabilities, int sampleSize, int seed)
    {
        var sample = SampleRows(data.Rows, sampleSize, seed);
        var features = new JsonObject();
        foreach (var (column, values) in data.Numeric)
        {
            features[column] = Numeric(values, sample);
        }
        foreach (var (column, values) in data.Categorical)
        {
            features[column] = Categorical(values, sample);
        }
        return new JsonObject
        {
            ["schema_version"] = 1,
            ["rows"] = data.Rows,
            ["sample_rows"] = sample.Length,
            ["features"] = features,
            ["prediction"] = new JsonObject { ["output"] = "Probability", ["profile"] = Numeric(holdoutProbabilities, Enumerable.Range(0, holdoutProbabilities.Length).ToArray()) },
            ["label"] = new JsonObject { ["column"] = data.Spec.Label, ["positive_rate"] = data.Label.Count(l => l) / (double)data.Rows },
        };
    }

    private static JsonObject Numeric(float[] values, int[] sample)
    {
        var present = values.Where(v => float.IsFinite(v)).Select(v => (double)v).Order().ToArray();
        var mean = present.Length == 0 ? 0 : present.Average();
        var std = present.Length == 0 ? 0 : Math.Sqrt(present.Sum(v => (v - mean) * (v - mean)) / present.Length);
        var quantiles = new JsonObject();
        foreach (var level in QuantileLevels)
        {
            quantiles[level.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Quantile(present, level);
        }
        return new JsonObject
        {
            ["type"] = "numeric",
            ["count"] = values.Length,
            ["missing"] = values.Length - present.Length,
            ["distinct"] = present.Distinct().Count(),
            ["mean"] = mean,
            ["std"] = std,
            ["min"] = present.Length == 0 ? 0 : present[0],
            ["max"] = present.Length == 0 ? 0 : present[^1],
            ["quantiles"] = quantiles,
            ["histogram"] = Histogram(present),
            ["sample"] = new JsonArray([.. sample.Select(i => JsonValue.Create((double)values[i]))]),
        };
    }

    private static JsonObject Categorical(string[] values, int[] sample)
    {
        var counts = new JsonObject();
        foreach (var group in values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            counts[group.Key] = group.Count();
        }
        return new JsonObject
        {
            ["type"] = "categorical",
            ["count"] = values.Length,
            ["missing"] = values.Count(string.IsNullOrEmpty),
            ["distinct"] = counts.Count,
            ["counts"] = counts,
            ["sample"] = new JsonArray([.. sample.Select(i => JsonValue.Create(values[i]))]),
        };
    }

    // numpy's default (linear) interpolation between order statistics.
    private static double Quantile(double[] sorted, double level)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        var position = level * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static JsonObject Histogram(double[] sorted)
    {
        var (min, max) = sorted.Length == 0 ? (0d, 1d) : (sorted[0], sorted[^1]);
        if (max <= min)
        {
            max = min + 1;
        }
        var width = (max - min) / HistogramBins;
        var counts = new int[HistogramBins];
        foreach (var value in sorted)
        {
            counts[Math.Min(HistogramBins - 1, (int)((value - min) / width))]++;
        }
        return new JsonObject
        {
            ["edges"] = new JsonArray([.. Enumerable.Range(0, HistogramBins + 1).Select(i => JsonValue.Create(min + i * width))]),
            ["counts"] = new JsonArray([.. counts.Select(c => JsonValue.Create(c))]),
        };
    }

    // A seeded shuffle's first rows, in their original order, so every feature's sample is of the same rows.
    private static int[] SampleRows(int rows, int size, int seed)
    {
        var indices = Enumerable.Range(0, rows).ToArray();
        new Random(seed).Shuffle(indices);
        return [.. indices.Take(Math.Min(size, rows)).Order()];
    }
}
