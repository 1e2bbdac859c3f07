using MlOps.Contracts;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Lake;

public sealed class LakeAppendTests(LakeFolder lake) : IClassFixture<LakeFolder>
{
    private static readonly TableSchema Orders = Root("orders", WriteDisposition.Append, MergeStrategy.DeleteInsert,
        Column("id", DataType.BigInt), Column("name", DataType.Text), Column("score", DataType.Double),
        Column("price", DataType.Decimal) with { Precision = 10, Scale = 2 }, Column("amount", DataType.Decimal),
        Column("active", DataType.Bool), Column("seen", DataType.Timestamp), Column("day", DataType.Date),
        Column("doc", DataType.Json));

    [Fact]
    public async Task Append_TwoLoadsSecondWithNewColumn_DuckDbReadsTypedRowsUnionedByName()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var destination = LakeFolder.Parquet("shop");
        var first = Job("acme", "shop") with { Destination = destination };
        var second = Job("acme", "shop") with { Destination = destination };
        var seen = new DateTime(2024, 5, 1, 9, 30, 15, DateTimeKind.Utc).AddTicks(1_234_560);
        var withNote = Orders with
        {
            Columns = [.. Orders.Columns.SkipLast(2), Column("note", DataType.Text), .. Orders.Columns.TakeLast(2)],
        };

        await LoadAsync(lake.Lake(), first, [Batch("orders", new TableRows(Orders,
        [
            [1L, "anna", 1.5, 12.34m, 0.123456789m, true, seen, new DateOnly(2024, 5, 1), "{\"a\":1}", "L1", "r1"],
            [2L, null, null, null, null, null, null, null, null, "L1", "r2"],
        ]))]);
        var outcome = await LoadAsync(lake.Lake(), second, [Batch("orders", new TableRows(withNote,
            [[3L, "bob", -2.25, 0.01m, 7m, false, seen.AddDays(1), new DateOnly(1999, 12, 31), "[1,2]", "hello", "L2", "r3"]]))]);

        Assert.Equal([new TableLoadResult("orders", 1, 0, 0)], outcome.Tables);
        Assert.Equal(2, outcome.SchemaVersion);
        var files = await lake.Lake().ListTableFilesAsync(destination, "acme", "shop", "orders", cancellationToken);
        Assert.Equal(
            [
                Path.Combine(lake.Root, "acme", "shop", "acme__shop", "orders", $"{first.LoadId}.0.parquet"),
                Path.Combine(lake.Root, "acme", "shop", "acme__shop", "orders", $"{second.LoadId}.0.parquet"),
            ],
            files);
        var read = LakeFolder.ReadParquet(files);
        var types = LakeFolder.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {read}) ORDER BY column_name");
        Assert.Equal(
            [
                ["_dlt_id", "VARCHAR"], ["_dlt_load_id", "VARCHAR"], ["active", "BOOLEAN"], ["amount", "DECIMAL(38,9)"], ["day", "DATE"],
                ["doc", "VARCHAR"], ["id", "BIGINT"], ["name", "VARCHAR"], ["note", "VARCHAR"], ["price", "DECIMAL(10,2)"],
                ["score", "DOUBLE"], ["seen", "TIMESTAMP WITH TIME ZONE"],
            ],
            types);
        var rows = LakeFolder.Query(
            "SELECT id, name, score, price, amount, active, seen::VARCHAR, day::VARCHAR, doc, note, _dlt_load_id, _dlt_id " +
            $"FROM {read} ORDER BY id");
        Assert.Equal(
            [
                [1L, "anna", 1.5, 12.34m, 0.123456789m, true, "2024-05-01 09:30:15.123456+00", "2024-05-01", "{\"a\":1}", null, "L1", "r1"],
                [2L, null, null, null, null, null, null, null, null, null, "L1", "r2"],
                [3L, "bob", -2.25, 0.01m, 7m, false, "2024-05-02 09:30:15.123456+00", "1999-12-31", "[1,2]", "hello", "L2", "r3"],
            ],
            rows);
    }

    [Fact]
    public async Task Append_SevenRows_RowGroupsOfTwoAndFilesClosedPastThreeRows()
    {
        var destination = LakeFolder.Parquet("bounded");
        var job = Job("acme", "bounded") with { Destination = destination };
        var items = Root("items", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));
        var rows = Enumerable.Range(1, 7).Select(i => new object?[] { (long)i, "L", $"r{i}" }).ToList();
        var state = System.Text.Json.JsonSerializer.SerializeToElement(new { cursor = 7 });

        await LoadAsync(lake.Lake(), job, [Batch("items", new TableRows(items, rows)) with { StateAfter = state }]);

        Assert.Equal(
            [$"_manifests/{job.LoadId}.json", $"items/{job.LoadId}.0.parquet", $"items/{job.LoadId}.1.parquet"],
            lake.Files("acme", "bounded", "acme__bounded"));
        var manifest = lake.Manifest("acme", "bounded", "acme__bounded", job.LoadId);
        Assert.Equal(job.LoadId.ToString(), manifest.GetProperty("load_id").GetString());
        Assert.Equal(1, manifest.GetProperty("sequence").GetInt64());
        Assert.Equal("p1", manifest.GetProperty("pipeline").GetString());
        Assert.Equal("items:3", manifest.GetProperty("schema_hash").GetString());
        Assert.Equal(1, manifest.GetProperty("schema_version").GetInt64());
        Assert.Equal("{\"cursor\":7}", manifest.GetProperty("state").GetProperty("items").GetRawText());
        Assert.Equal(
            $$"""{"replace":false,"rows":7,"files":[{"path":"items/{{job.LoadId}}.0.parquet","rows":4},""" +
            $$"""{"path":"items/{{job.LoadId}}.1.parquet","rows":3}]}""",
            System.Text.Json.JsonSerializer.Serialize(manifest.GetProperty("tables").GetProperty("items")));
        var folder = Path.Combine(lake.Root, "acme", "bounded", WarehouseNames.Schema("acme", "bounded"), "items");
        Assert.Equal(
            [[$"{job.LoadId}.0.parquet", 2L, 4L], [$"{job.LoadId}.1.parquet", 2L, 3L]],
            LakeFolder.Query("SELECT parse_filename(file_name), count(*), sum(rows)::BIGINT FROM (SELECT DISTINCT file_name, " +
                $"row_group_id, row_group_num_rows AS rows FROM parquet_metadata('{folder}/*.parquet')) GROUP BY 1 ORDER BY 1"));
    }
}
