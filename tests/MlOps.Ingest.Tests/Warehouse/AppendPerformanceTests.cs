using System.Diagnostics;
using System.Globalization;
using System.Text;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

/// <summary>The named figure: appending 1M rows × 10 mixed columns reaches at least 60 % of PostgreSQL's own CSV COPY.</summary>
public sealed class AppendPerformanceTests(WarehouseDatabase db, ITestOutputHelper output) : IClassFixture<WarehouseDatabase>
{
    private const int RowCount = 1_000_000;
    private const int BatchRows = 10_000;
#if DEBUG
    private const bool Debug = true;
#else
    private const bool Debug = false;
#endif

    private static readonly TableSchema Wide = Root("wide", WriteDisposition.Append, MergeStrategy.DeleteInsert,
        Column("id", DataType.BigInt), Column("qty", DataType.BigInt), Column("score", DataType.Double),
        Column("name", DataType.Text), Column("active", DataType.Bool), Column("seen", DataType.Timestamp),
        Column("day", DataType.Date), Column("price", DataType.Decimal), Column("city", DataType.Text),
        Column("ratio", DataType.Double));

    [Fact]
    [Trait("Category", "Performance")]
    public async Task Append_MillionRowsTenColumns_AtLeastSixtyPercentOfCsvCopy()
    {
        // A Debug build measures the JIT's unoptimized code, not the loader: run with -c Release.
        Assert.SkipWhen(Debug, "the performance figure is measured in Release builds (dotnet test -c Release)");
        var cancellationToken = TestContext.Current.CancellationToken;
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var day = new DateOnly(2024, 1, 1);
        var load = Guid.CreateVersion7().ToString();
        var batches = new List<NormalizedBatch>();
        var csv = new StringBuilder(RowCount * 120);
        for (var b = 0; b < RowCount / BatchRows; b++)
        {
            var rows = new object?[BatchRows][];
            for (var r = 0; r < BatchRows; r++)
            {
                long i = (b * BatchRows) + r;
                var seen = start.AddSeconds(i);
                var price = (i % 100_000) / 100m;
                rows[r] = [i, i % 97, i * 0.5, "name-" + i, i % 2 == 0, seen, day.AddDays((int)(i % 365)), price, "city-" + (i % 50),
                    i / 3.0, load, "id-" + i];
                csv.Append(CultureInfo.InvariantCulture,
                    $"{i},{i % 97},{i * 0.5:R},name-{i},{(i % 2 == 0 ? "t" : "f")},{seen:yyyy-MM-dd HH:mm:ss}+00,")
                    .Append(CultureInfo.InvariantCulture,
                    $"{day.AddDays((int)(i % 365)):yyyy-MM-dd},{price},city-{i % 50},{i / 3.0:R},{load},id-{i}\n");
            }
            batches.Add(Batch("wide", new TableRows(Wide, rows)));
        }
        var text = csv.ToString();

        await using (var prepare = db.DataSource.CreateCommand(
            "CREATE TABLE copy_baseline (id bigint, qty bigint, score double precision, name text, active boolean, seen timestamptz, " +
            "day date, price numeric, city text, ratio double precision, _dlt_load_id text, _dlt_id text)"))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }
        var baseline = Stopwatch.StartNew();
        await using (var connection = await db.DataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var writer = await connection.BeginTextImportAsync("COPY copy_baseline FROM STDIN (FORMAT csv)", cancellationToken);
            await writer.WriteAsync(text.AsMemory(), cancellationToken);
        }
        baseline.Stop();

        var ours = Stopwatch.StartNew();
        var outcome = await LoadAsync(db.Warehouse, Job("acme", "perf"), batches);
        ours.Stop();

        output.WriteLine($"CSV COPY {baseline.ElapsedMilliseconds} ms, warehouse append {ours.ElapsedMilliseconds} ms");
        Assert.Equal(RowCount, outcome.Tables.Single().RowsLoaded);
        Assert.Equal(RowCount, await db.CountAsync("SELECT count(*) FROM acme__perf.wide"));
        const string Sample = "SELECT id, qty, score, name, active, seen, day, price, city, ratio FROM {0} WHERE id IN (0, 77777, 999999) ORDER BY id";
        Assert.Equal(
            await db.QueryAsync(string.Format(CultureInfo.InvariantCulture, Sample, "copy_baseline")),
            await db.QueryAsync(string.Format(CultureInfo.InvariantCulture, Sample, "acme__perf.wide")));
        Assert.True(baseline.Elapsed.TotalMilliseconds / ours.Elapsed.TotalMilliseconds >= 0.6,
            $"append took {ours.ElapsedMilliseconds} ms, CSV COPY {baseline.ElapsedMilliseconds} ms");
    }
}
