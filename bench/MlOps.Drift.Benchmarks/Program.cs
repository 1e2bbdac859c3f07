using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MlOps.Drift.Statistics.Selection;

// ks + wasserstein + psi on R reference × C current rows × K numeric columns, timed end to end (copy, sort, tests).
// Usage: MlOps.Drift.Benchmarks <data-dir> [rows] [columns] [repetitions]; writes the arrays as raw float64 for the scipy baseline.
var directory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "drift-bench");
var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var columns = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
var repetitions = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
Directory.CreateDirectory(directory);

var random = new Random(20261127);
var reference = new double[columns][];
var current = new double[columns][];
for (var c = 0; c < columns; c++)
{
    // Mixed shapes and shifts so every code path does real work: normal, lognormal, rounded (ties).
    reference[c] = Generate(random, rows, c, 0.0);
    current[c] = Generate(random, rows, c, c % 3 == 0 ? 0.0 : 0.05 * c);
    File.WriteAllBytes(Path.Combine(directory, $"reference_{c}.f64"), MemoryMarshal.AsBytes(reference[c].AsSpan()).ToArray());
    File.WriteAllBytes(Path.Combine(directory, $"current_{c}.f64"), MemoryMarshal.AsBytes(current[c].AsSpan()).ToArray());
}

var options = new ColumnDriftOptions([StatTest.KolmogorovSmirnov, StatTest.Wasserstein, StatTest.Psi]);
var results = new ColumnDriftResult[columns];
var timings = new List<double>();
for (var run = 0; run <= repetitions; run++)
{
    var stopwatch = Stopwatch.StartNew();
    Parallel.For(0, columns, c => results[c] = ColumnDriftEvaluator.Evaluate(ColumnSample.Numeric((double[])reference[c].Clone(), (double[])current[c].Clone()), options));
    stopwatch.Stop();
    if (run > 0)
    {
        timings.Add(stopwatch.Elapsed.TotalSeconds);
    }
}
timings.Sort();
using var output = new StreamWriter(Path.Combine(directory, "dotnet-results.csv"));
output.WriteLine("column,ks_statistic,ks_pvalue,wasserstein,psi");
for (var c = 0; c < columns; c++)
{
    var t = results[c].Tests;
    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c},{t["ks"].Statistic:R},{t["ks"].PValue:R},{t["wasserstein"].Statistic:R},{t["psi"].Statistic:R}"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"dotnet: {rows:N0} x {rows:N0} rows x {columns} columns, ks+wasserstein+psi: median {timings[timings.Count / 2]:F3} s, min {timings[0]:F3} s over {repetitions} runs ({Environment.ProcessorCount} cores)"));

static double[] Generate(Random random, int rows, int column, double shift)
{
    var values = new double[rows];
    for (var i = 0; i < rows; i++)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) + shift;
        values[i] = (column % 3) switch
        {
            0 => normal,
            1 => Math.Exp(normal / 2),
            _ => Math.Round(normal * 10) / 10,
        };
    }
    return values;
}
