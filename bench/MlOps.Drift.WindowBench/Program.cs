using System.Diagnostics;
using System.Globalization;
using MlOps.Drift.Monitoring;
using MlOps.Drift.Statistics;
using MlOps.Drift.Statistics.Kolmogorov;

// Feeds a 10M-row window (10 numeric features, 1,000-row batches as the consumer stores them) through the reservoir the
// evaluator uses, and reports peak memory and what the sample costs in accuracy against the statistics on every row.
// Usage: MlOps.Drift.WindowBench [rows] [sampleRows] [--memory-only]   (--memory-only keeps no full copy, for the memory figure)
var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
var capacity = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
const int Features = 10;
const int BatchRows = 1000;

var random = new Random(20261127);
var reference = Enumerable.Range(0, Features).Select(f => Draw(random, 5000, f, 0.0)).ToArray();
foreach (var column in reference)
{
    Array.Sort(column);
}
var sample = new WindowSample(capacity, seed: 7);
// Full copies only to measure the accuracy cost; the memory figure comes from a run without them.
var keepAll = !args.Contains("--memory-only");
var all = keepAll ? Enumerable.Range(0, Features).Select(_ => new List<double>()).ToArray() : null;
var stopwatch = Stopwatch.StartNew();
for (long done = 0; done < rows; done += BatchRows)
{
    var features = new Dictionary<string, double?[]>();
    for (var f = 0; f < Features; f++)
    {
        var values = Draw(random, BatchRows, f, f < 3 ? 0.15 : 0.0);
        features[$"f{f}"] = Array.ConvertAll(values, v => (double?)v);
        all?[f].AddRange(values);
    }
    sample.Add(new WindowBatch(features, new Dictionary<string, string[]>(), [.. Enumerable.Repeat((double?)0.5, BatchRows)]));
}
var feedSeconds = stopwatch.Elapsed.TotalSeconds;
var heap = GC.GetTotalMemory(forceFullCollection: true);
using var process = Process.GetCurrentProcess();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"window: {rows:N0} rows x {Features} features fed in {feedSeconds:F1} s ({rows / feedSeconds:N0} rows/s); reservoir {capacity:N0} rows; managed heap after: {heap / 1048576.0:F1} MiB; peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB{(keepAll ? " (includes the full copies kept for the accuracy table)" : "")}"));

Console.WriteLine("feature | ks (all rows) | ks (sample) | wasserstein_normed (all) | wasserstein_normed (sample)");
for (var f = 0; f < Features && all is not null; f++)
{
    var full = all[f].ToArray();
    Array.Sort(full);
    var sampled = sample.Numeric($"f{f}");
    Array.Sort(sampled);
    var ksFull = KolmogorovSmirnovTest.Compare(reference[f], full);
    var ksSample = KolmogorovSmirnovTest.Compare(reference[f], sampled);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"f{f} | {ksFull.Statistic:F4} | {ksSample.Statistic:F4} | {CdfDistances.WassersteinNormed(reference[f], full):F4} | {CdfDistances.WassersteinNormed(reference[f], sampled):F4}"));
}

static double[] Draw(Random random, int count, int feature, double shift)
{
    var values = new double[count];
    for (var i = 0; i < count; i++)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) + shift;
        values[i] = feature % 2 == 0 ? normal : Math.Exp(normal / 2);
    }
    return values;
}
