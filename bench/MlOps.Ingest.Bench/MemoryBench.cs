using System.Diagnostics;
using System.Globalization;

namespace MlOps.Ingest.Bench;

/// <summary>
/// Figure 5: one large CSV appended through ingest in a fresh process, reporting the process's peak resident memory (VmHWM)
/// and peak working set; bench/ingest-load.sh runs it at two file sizes to show the peak does not grow with the file.
/// </summary>
public static class MemoryBench
{
    public static async Task RunAsync(string folder, string file, CancellationToken cancellationToken)
    {
        var bytes = new FileInfo(file).Length;
        await using var database = await BenchDatabase.CreateAsync("ingest_bench_memory", cancellationToken);
        using var host = IngestHost.Start(database.ConnectionString, Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(file)))!);
        var source = host.Files("{\"format\": \"csv\", \"resource\": \"rows\", \"location\": {\"type\": \"path\", \"path\": \""
            + Path.GetFileName(file) + "\"}}");
        using var sampler = new CancellationTokenSource();
        var rssPeak = 0L;
        var sampling = Task.Run(async () =>
        {
            while (!sampler.IsCancellationRequested)
            {
                rssPeak = Math.Max(rssPeak, Environment.WorkingSet);
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);
        var rows = 0L;
        var time = await Rounds.TimeAsync(async () =>
            rows = (await host.LoadAsync(source, "memory", cancellationToken)).Tables.Sum(t => t.RowsLoaded));
        await sampler.CancelAsync();
        await sampling;
        using var process = Process.GetCurrentProcess();
        var gcHeap = GC.GetGCMemoryInfo().HeapSizeBytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: {bytes / 1e9:F2} GB, {rows:N0} rows in {time.TotalSeconds:F0} s ({rows / time.TotalSeconds:N0} rows/s, "
            + $"{bytes / 1e6 / time.TotalSeconds:F0} MB/s); VmHWM {Status("VmHWM")}, PeakWorkingSet64 {process.PeakWorkingSet64 / 1048576} MiB, "
            + $"sampled peak {rssPeak / 1048576} MiB, GC heap at the end {gcHeap / 1048576} MiB"));
    }

    private static string Status(string field) =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))?[(field.Length + 1)..].Trim() ?? "?";
}
