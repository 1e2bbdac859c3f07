using System.Diagnostics;
using System.Globalization;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;

// Normalizes a CSV-like table (10 columns of text, as a CSV reader hands them over) in 10,000-row batches on one thread and
// reports rows per second and bytes allocated per row. The strings are made before the clock starts: parsing the file
// is the reader's cost, not the normalizer's. CPU time is reported too: on a shared machine it is the steadier figure.
// Usage: MlOps.Ingest.NormalizeBench [rows]
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
const int BatchRows = 10_000;
string[] columns = ["id", "customer", "qty", "price", "paid", "ordered_on", "shipped_at", "country", "note", "score"];
var random = new Random(20261127);
var batches = new List<SourceBatch>();
for (var start = 0; start < rows; start += BatchRows)
{
    var batchRows = new List<object?[]>(BatchRows);
    for (var i = start; i < Math.Min(rows, start + BatchRows); i++)
    {
        batchRows.Add(
        [
            i.ToString(CultureInfo.InvariantCulture),
            "customer-" + (i % 5000).ToString(CultureInfo.InvariantCulture),
            random.Next(1, 50).ToString(CultureInfo.InvariantCulture),
            (random.NextDouble() * 1000).ToString("F2", CultureInfo.InvariantCulture),
            random.Next(2) == 0 ? "true" : "false",
            new DateOnly(2024, 1, 1).AddDays(i % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            i % 3 == 0 ? "DE" : "FR",
            i % 10 == 0 ? "" : "some note",
            random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
        ]);
    }
    var first = start;
    batches.Add(new SourceBatch { Resource = "orders", Columns = columns, Rows = batchRows, PositionOf = i => $"line {first + i + 2}" });
}
var hints = new ResourceHints { Name = "orders" };
// BENCH_INFER=price,score infers only those columns (the rest hinted text): what each column's parsing costs.
if (Environment.GetEnvironmentVariable("BENCH_INFER") is { } infer)
{
    hints = hints with
    {
        Columns = columns.Where(c => !infer.Split(',').Contains(c)).ToDictionary(c => c, _ => new ColumnHint { DataType = DataType.Text }),
    };
}
var normalizer = new Normalizer(new DatasetSchema { Name = "bench" }, Guid.CreateVersion7());
normalizer.Normalize(batches[0], hints);
GC.Collect();
var allocated = GC.GetAllocatedBytesForCurrentThread();
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var stopwatch = Stopwatch.StartNew();
long written = 0;
foreach (var batch in batches)
{
    written += normalizer.Normalize(batch, hints).Tables.Sum(t => t.Rows.Count);
}
stopwatch.Stop();
cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{written:N0} rows in {stopwatch.Elapsed.TotalSeconds:F2} s: {written / stopwatch.Elapsed.TotalSeconds:N0} rows/s, {bytes / (double)written:F0} bytes/row, "
    + $"CPU {cpu.TotalSeconds:F2} s (all threads, GC included): {written / cpu.TotalSeconds:N0} rows per CPU-second"));
Console.WriteLine(string.Join(", ", normalizer.Schema.Tables["orders"].Columns.Select(c => $"{c.Name} {DataTypeNames.Name(c.Type)}")));
