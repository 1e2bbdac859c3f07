using System.Globalization;
using Npgsql;

namespace MlOps.Ingest.Bench;

/// <summary>
/// Figure 3: a PostgreSQL table (another database on the same server) replicated by ingest's postgres source (incremental on
/// `updated_at`, merge on the primary key, or append): a full load, then the rows changed since. Baseline in the same round: the same
/// rows piped raw, `COPY (SELECT …) TO STDOUT (FORMAT binary)` into `COPY … FROM STDIN (FORMAT binary)` (an append: the read's
/// and the write's bound), and PostgreSQL's own merge of them: the same pipe into a staging table, then one `MERGE` into a
/// copy of the table with the warehouse's fill factor and unique key (the floor of any merged load on this server).
/// </summary>
public static class ReplicationBench
{
    private const string Columns = "id, updated_at, customer, qty, amount, price, active, day, category, note";

    public static async Task RunAsync(string folder, long rows, long changed, int rounds, string strategy, CancellationToken cancellationToken)
    {
        await using var source = await BenchDatabase.CreateAsync("ingest_bench_src", cancellationToken);
        await using var warehouse = await BenchDatabase.CreateAsync("ingest_bench_repl", cancellationToken);
        await source.ExecuteAsync($"""
            CREATE TABLE events (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL, customer text, qty bigint, amount double precision,
                price numeric(10,2), active boolean, day date, category text, note text);
            INSERT INTO events SELECT i, timestamptz '2024-01-01' + i * interval '1 second', 'customer-' || (i * 7919 % 100000),
                i % 50 + 1, (i * 2654435761 % 100000000) / 1000.0, (i * 40503 % 1000000) / 100.0, i % 3 = 0,
                date '2024-01-01' + (i % 700)::int, (ARRAY['retail','wholesale','online','partner'])[i % 4 + 1],
                CASE WHEN i % 10 = 0 THEN NULL ELSE 'note ' || i % 1000 END
            FROM generate_series(1::bigint, {rows}) i;
            CREATE INDEX ON events (updated_at);
            VACUUM ANALYZE events;
            """, cancellationToken);
        await warehouse.ExecuteAsync($"""
            CREATE TABLE raw_events (id bigint, updated_at timestamptz, customer text, qty bigint, amount double precision,
                price numeric(10,2), active boolean, day date, category text, note text);
            CREATE TABLE raw_merged (id bigint PRIMARY KEY, updated_at timestamptz, customer text, qty bigint, amount double precision,
                price numeric(10,2), active boolean, day date, category text, note text) WITH (fillfactor = 80)
            """, cancellationToken);
        using var host = IngestHost.Start(warehouse.ConnectionString, folder);
        var config = "{\"connection_string\": \"" + source.ConnectionString + "\", \"table\": \"public.events\", \"resource\": \"events\", "
            + "\"write_disposition\": " + WriteDisposition(strategy) + ", "
            + "\"incremental\": {\"cursor_column\": \"updated_at\"}}";
        var full = new List<(TimeSpan, TimeSpan)>();
        var incremental = new List<(TimeSpan, TimeSpan)>();
        var fullMerged = new List<(TimeSpan, TimeSpan)>();
        var incrementalMerged = new List<(TimeSpan, TimeSpan)>();
        var c = CultureInfo.InvariantCulture;
        for (var round = 0; round < rounds; round++)
        {
            await warehouse.ExecuteAsync("DROP SCHEMA IF EXISTS bench__repl CASCADE; TRUNCATE raw_events, raw_merged; CHECKPOINT", cancellationToken);
            var ingest = await Rounds.TimeAsync(async () => await host.LoadAsync(await host.PostgresAsync(config, cancellationToken), "repl", cancellationToken));
            await warehouse.ExecuteAsync("CHECKPOINT", cancellationToken);
            var raw = await Rounds.TimeAsync(() => PipeAsync(source, warehouse, "SELECT * FROM events", cancellationToken));
            full.Add((ingest, raw));
            await warehouse.ExecuteAsync("CHECKPOINT", cancellationToken);
            fullMerged.Add((ingest, await Rounds.TimeAsync(() => PipeMergeAsync(source, warehouse, "SELECT * FROM events", cancellationToken))));
            // The next changes come after everything loaded so far; each round changes other rows.
            var since = (DateTime)(await source.ScalarAsync("SELECT max(updated_at) FROM events", cancellationToken))!;
            var step = rows / changed;
            await source.ExecuteAsync(
                $"UPDATE events SET updated_at = updated_at + {round + 1} * interval '1000 days', qty = qty + 1, "
                + $"note = 'changed {round}' WHERE id % {step} = {round % step}; VACUUM ANALYZE events; CHECKPOINT", cancellationToken);
            await warehouse.ExecuteAsync("CHECKPOINT", cancellationToken);
            var changes = 0L;
            var ingestChanges = await Rounds.TimeAsync(async () =>
                changes = (await host.LoadAsync(await host.PostgresAsync(config, cancellationToken), "repl", cancellationToken)).Tables.Sum(t => t.RowsLoaded));
            await warehouse.ExecuteAsync("CHECKPOINT", cancellationToken);
            var rawChanges = await Rounds.TimeAsync(() => PipeAsync(source, warehouse,
                $"SELECT * FROM events WHERE updated_at > '{since:O}'", cancellationToken));
            incremental.Add((ingestChanges, rawChanges));
            await warehouse.ExecuteAsync("CHECKPOINT", cancellationToken);
            incrementalMerged.Add((ingestChanges, await Rounds.TimeAsync(() => PipeMergeAsync(source, warehouse,
                $"SELECT * FROM events WHERE updated_at > '{since:O}'", cancellationToken))));
            Console.WriteLine(string.Create(c, $"replication round {round + 1}: incremental load wrote {changes:N0} rows"));
        }
        var loaded = await warehouse.ScalarAsync("SELECT count(*) || ' rows, ' || count(DISTINCT id) || ' ids' FROM bench__repl.events", cancellationToken);
        Console.WriteLine($"replication: warehouse table after the last round: {loaded}");
        // How the last round's loads changed rows: updated in place (HOT: no new index entry), updated, or deleted and inserted.
        var writes = await warehouse.ScalarAsync(
            "SELECT n_tup_ins || ' inserted, ' || n_tup_upd || ' updated (' || n_tup_hot_upd || ' HOT), ' || n_tup_del || ' deleted' " +
            "FROM pg_stat_user_tables WHERE schemaname = 'bench__repl' AND relname = 'events'", cancellationToken);
        Console.WriteLine($"replication: warehouse table's row writes in the last round (statistics, may lag): {writes}");
        Rounds.Report("replication full", rows, full);
        Rounds.Report("replication incremental", changed, incremental);
        Rounds.Report("replication full against PostgreSQL's merge", rows, fullMerged);
        Rounds.Report("replication incremental against PostgreSQL's merge", changed, incrementalMerged);
    }

    /// <summary>`append` (dlt's default for an incremental table: each change lands as a new row) or a merge strategy.</summary>
    private static string WriteDisposition(string strategy) => strategy == "append"
        ? "\"append\""
        : "{\"disposition\": \"merge\", \"strategy\": \"" + strategy + "\"}";

    /// <summary>The rows piped raw into a staging table and merged by key in one `MERGE`, planned as ingest plans its merge.</summary>
    private static async Task PipeMergeAsync(BenchDatabase source, BenchDatabase target, string query, CancellationToken cancellationToken)
    {
        await using var from = await source.OpenAsync(cancellationToken);
        await using var to = await target.OpenAsync(cancellationToken);
        await using var transaction = await to.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(to, "CREATE TEMP TABLE stage (LIKE raw_events) ON COMMIT DROP", cancellationToken);
        await using (var reader = await from.BeginRawBinaryCopyAsync($"COPY ({query}) TO STDOUT (FORMAT binary)", cancellationToken))
        await using (var writer = await to.BeginRawBinaryCopyAsync($"COPY stage ({Columns}) FROM STDIN (FORMAT binary)", cancellationToken))
        {
            await reader.CopyToAsync(writer, 1 << 16, cancellationToken);
        }
        var updates = string.Join(", ", Columns.Split(", ").Skip(1).Select(c => $"{c} = s.{c}"));
        var values = string.Join(", ", Columns.Split(", ").Select(c => "s." + c));
        // As ingest's merge: the staged keys analyzed, the key index probed only when the staged rows are few against the
        // table (forced on an empty table, the planner may scan the growing table once per staged row instead).
        await ExecuteAsync(to, "ANALYZE stage (id)", cancellationToken);
        await ExecuteAsync(to, "SET LOCAL work_mem = '64MB'", cancellationToken);
        await using (var probe = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM stage) < 20 * pg_relation_size('raw_merged') / current_setting('block_size')::bigint", to))
        {
            if ((bool)(await probe.ExecuteScalarAsync(cancellationToken))!)
            {
                await ExecuteAsync(to, "SET LOCAL enable_hashjoin = off", cancellationToken);
                await ExecuteAsync(to, "SET LOCAL enable_mergejoin = off", cancellationToken);
            }
        }
        await ExecuteAsync(to, $"MERGE INTO raw_merged t USING stage s ON t.id = s.id WHEN MATCHED THEN UPDATE SET {updates} "
            + $"WHEN NOT MATCHED THEN INSERT ({Columns}) VALUES ({values})", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task PipeAsync(BenchDatabase source, BenchDatabase target, string query, CancellationToken cancellationToken)
    {
        await using var from = await source.OpenAsync(cancellationToken);
        await using var to = await target.OpenAsync(cancellationToken);
        await using var transaction = await to.BeginTransactionAsync(cancellationToken);
        await using (var reader = await from.BeginRawBinaryCopyAsync($"COPY ({query}) TO STDOUT (FORMAT binary)", cancellationToken))
        await using (var writer = await to.BeginRawBinaryCopyAsync($"COPY raw_events ({Columns}) FROM STDIN (FORMAT binary)", cancellationToken))
        {
            await reader.CopyToAsync(writer, 1 << 16, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
