using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Warehouse;

namespace MlOps.Ingest.Bench;

/// <summary>Where a CSV append's time goes: the source read alone, read + normalize, and the whole load (the rest is COPY).</summary>
public static class CsvProfile
{
    private const string Source = """{"format": "csv", "resource": "rows", "location": {"type": "path", "path": "profile.csv"}}""";

    public static async Task RunAsync(string folder, long rows, int rounds, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync("ingest_bench_profile", cancellationToken);
        using var host = IngestHost.Start(database.ConnectionString, folder);
        CsvData.Write(Path.Combine(IngestHost.FilesOf(folder), "profile.csv"), CsvData.Range(0, rows));
        for (var round = 0; round < rounds; round++)
        {
            var read = await MeasureAsync(async () =>
            {
                await foreach (var _ in host.Files(Source).ReadAsync(new() { TenantId = "bench" }, cancellationToken))
                {
                }
            });
            var normalize = await MeasureAsync(async () =>
            {
                var source = host.Files(Source);
                var normalizer = new Normalizer(new DatasetSchema { Name = "profile" }, Guid.CreateVersion7());
                await foreach (var batch in source.ReadAsync(new() { TenantId = "bench" }, cancellationToken))
                {
                    normalizer.Normalize(batch, source.Resources[0]);
                }
            });
            await database.ExecuteAsync("DROP SCHEMA IF EXISTS bench__profile CASCADE; CHECKPOINT", cancellationToken);
            var writing = new Stopwatch();
            var split = await MeasureAsync(async () =>
            {
                var source = host.Files(Source);
                var job = new LoadJob { LoadId = Guid.CreateVersion7(), TenantId = "bench", Dataset = "profile", Pipeline = "profile" };
                await using var writer = await host.Services.GetRequiredService<ILoadDestination>().BeginAsync(job, cancellationToken);
                var normalizer = new Normalizer(new DatasetSchema { Name = "profile" }, job.LoadId);
                await foreach (var batch in source.ReadAsync(new() { TenantId = "bench" }, cancellationToken))
                {
                    var normalized = normalizer.Normalize(batch, source.Resources[0]);
                    writing.Start();
                    await writer.WriteAsync(normalized, cancellationToken);
                    writing.Stop();
                }
            });
            await database.ExecuteAsync("DROP SCHEMA IF EXISTS bench__profile CASCADE; CHECKPOINT", cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"profile round {round + 1}: read+normalize+write (rolled back) {split}, of which writer.WriteAsync {writing.Elapsed.TotalSeconds:F2} s"));
            var load = await MeasureAsync(() => host.LoadAsync(host.Files(Source), "profile", cancellationToken));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"profile round {round + 1}: read {read}; read+normalize {normalize}; whole load {load}"));
        }
    }

    private static async Task<string> MeasureAsync(Func<Task> run)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var wall = await Rounds.TimeAsync(run);
        process.Refresh();
        return string.Create(CultureInfo.InvariantCulture, $"{wall.TotalSeconds:F2} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:F2} s CPU, "
            + $"{(GC.GetTotalAllocatedBytes() - allocated) / 1e6:F0} MB allocated");
    }
}
