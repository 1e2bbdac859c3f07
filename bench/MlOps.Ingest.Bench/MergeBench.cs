using System.Globalization;
using Npgsql;

namespace MlOps.Ingest.Bench;

/// <summary>
/// Figure 2: a file of base/10 rows (half new versions of existing keys, half new keys) merged by primary key into a table of
/// `base` rows, by ingest (delete-insert, then upsert) against plain SQL on a copy of the table (COPY into a temp table,
/// `INSERT … ON CONFLICT (id) DO UPDATE`), interleaved. The base table is loaded once through ingest (append).
/// </summary>
public static class MergeBench
{
    private static readonly string[] Updated = ["customer", "qty", "amount", "price", "active", "created_at", "day", "category", "note"];

    public static async Task RunAsync(string folder, long baseRows, int rounds, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        await using var database = await BenchDatabase.CreateAsync("ingest_bench_merge", cancellationToken);
        using var host = IngestHost.Start(database.ConnectionString, folder);
        var file = Path.Combine(IngestHost.FilesOf(folder), "merge.csv");
        CsvData.Write(file, CsvData.Range(0, baseRows));
        var load = await Rounds.TimeAsync(() => host.LoadAsync(host.Files(Source("append")), "merge", cancellationToken));
        Console.WriteLine(string.Create(c, $"merge: base table of {baseRows:N0} rows loaded through ingest (append) in {load.TotalSeconds:F1} s"));
        var copy = await Rounds.TimeAsync(() => database.ExecuteAsync(
            "CREATE TABLE plain AS SELECT id, customer, qty, amount, price, active, created_at, day, category, note FROM bench__merge.rows; "
            + "ALTER TABLE plain ADD PRIMARY KEY (id); VACUUM ANALYZE plain; VACUUM ANALYZE bench__merge.rows", cancellationToken));
        Console.WriteLine(string.Create(c, $"merge: plain copy with its primary key made in {copy.TotalSeconds:F1} s"));
        var rows = baseRows / 10;
        var next = baseRows;
        var version = 0;
        foreach (var strategy in new[] { "delete-insert", "upsert" })
        {
            var times = new List<(TimeSpan, TimeSpan)>();
            for (var round = strategy == "upsert" ? -1 : 0; round < rounds; round++)
            {
                version++;
                var step = baseRows / (rows / 2);
                var updates = Enumerable.Range(0, (int)(rows / 2)).Select(j => j * step + version % step);
                CsvData.Write(file, updates.Concat(CsvData.Range(next, rows - rows / 2)), version);
                next += rows - rows / 2;
                await database.ExecuteAsync("CHECKPOINT", cancellationToken);
                var ingest = await Rounds.TimeAsync(() => host.LoadAsync(host.Files(Source(strategy)), "merge", cancellationToken));
                await database.ExecuteAsync("CHECKPOINT", cancellationToken);
                var sql = await Rounds.TimeAsync(() => PlainMergeAsync(database, file, cancellationToken));
                if (round < 0)
                {
                    // Upsert's first load builds its unique index on the whole table: reported, not counted.
                    Console.WriteLine(string.Create(c, $"merge upsert: first load (builds the unique index) {ingest.TotalSeconds:F1} s"));
                    continue;
                }
                times.Add((ingest, sql));
            }
            Rounds.Report($"merge {strategy}", rows, times);
        }
        var counts = await database.ScalarAsync(
            "SELECT (SELECT count(*) FROM bench__merge.rows) || ' / ' || (SELECT count(*) FROM plain)", cancellationToken);
        Console.WriteLine($"merge: rows after the last round, ingest / plain: {counts}");
        File.Delete(file);
    }

    private static string Source(string strategy)
    {
        var disposition = strategy == "append" ? "\"append\"" : "{\"disposition\": \"merge\", \"strategy\": \"" + strategy + "\"}";
        return "{\"format\": \"csv\", \"resource\": \"rows\", \"location\": {\"type\": \"path\", \"path\": \"merge.csv\"}, "
            + "\"primary_key\": \"id\", \"write_disposition\": " + disposition + "}";
    }

    private static async Task PlainMergeAsync(BenchDatabase database, string file, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE m (LIKE plain) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var writer = await connection.BeginTextImportAsync("COPY m FROM STDIN (FORMAT csv, HEADER)", cancellationToken))
        using (var reader = new StreamReader(file))
        {
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        var set = string.Join(", ", Updated.Select(u => $"{u} = EXCLUDED.{u}"));
        await using var merge = new NpgsqlCommand($"INSERT INTO plain SELECT * FROM m ON CONFLICT (id) DO UPDATE SET {set}", connection, transaction)
        {
            CommandTimeout = 0,
        };
        await merge.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
