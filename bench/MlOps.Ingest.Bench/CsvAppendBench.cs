using System.Globalization;
using Npgsql;

namespace MlOps.Ingest.Bench;

/// <summary>
/// Figure 1: a CSV file appended to the warehouse by ingest (types inferred, columns and types frozen by the contract)
/// against PostgreSQL's own `COPY … FROM STDIN (FORMAT csv, HEADER)` of the same file into a typed table, interleaved.
/// </summary>
public static class CsvAppendBench
{
    private const string Source = """
        {"format": "csv", "resource": "rows", "location": {"type": "path", "path": "append.csv"},
         "schema_contract": {"tables": "evolve", "columns": "freeze", "data_type": "freeze"}}
        """;

    public static async Task RunAsync(string folder, long rows, int rounds, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync("ingest_bench_csv", cancellationToken);
        var file = Path.Combine(IngestHost.FilesOf(folder), "append.csv");
        // Warm-up with a small file: JIT, connection pools, and the tables both sides append to.
        CsvData.Write(file, CsvData.Range(0, 100_000));
        using var host = IngestHost.Start(database.ConnectionString, folder);
        await host.LoadAsync(host.Files(Source), "csv", cancellationToken);
        await database.ExecuteAsync($"CREATE TABLE copy_rows ({CsvData.Columns})", cancellationToken);
        await CopyAsync(database, file, cancellationToken);
        var bytes = CsvData.Write(file, CsvData.Range(0, rows));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"csv: {rows:N0} rows, {bytes / 1e6:F0} MB"));
        var times = new List<(TimeSpan, TimeSpan)>();
        for (var round = 0; round < rounds; round++)
        {
            await database.ExecuteAsync("TRUNCATE bench__csv.rows, copy_rows; CHECKPOINT", cancellationToken);
            var ingest = await Rounds.TimeAsync(() => host.LoadAsync(host.Files(Source), "csv", cancellationToken));
            await database.ExecuteAsync("CHECKPOINT", cancellationToken);
            var copy = await Rounds.TimeAsync(() => CopyAsync(database, file, cancellationToken));
            times.Add((ingest, copy));
        }
        var loaded = await database.ScalarAsync("SELECT count(*) FROM bench__csv.rows", cancellationToken);
        Console.WriteLine($"csv: ingest table holds {loaded} rows after the last round");
        var types = await database.ScalarAsync("SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) "
            + "FROM information_schema.columns WHERE table_schema = 'bench__csv' AND table_name = 'rows'", cancellationToken);
        Console.WriteLine($"csv: ingest table columns: {types}");
        Rounds.Report("csv append", rows, times);
    }

    private static async Task CopyAsync(BenchDatabase database, string file, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var writer = await connection.BeginTextImportAsync("COPY copy_rows FROM STDIN (FORMAT csv, HEADER)", cancellationToken))
        using (var reader = new StreamReader(file))
        {
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
