using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

public sealed class AppendLoadTests(WarehouseDatabase db) : IClassFixture<WarehouseDatabase>
{
    private static readonly TableSchema Orders = Root("orders", WriteDisposition.Append, MergeStrategy.DeleteInsert,
        Column("id", DataType.BigInt), Column("name", DataType.Text), Column("score", DataType.Double),
        Column("price", DataType.Decimal) with { Precision = 10, Scale = 2 }, Column("active", DataType.Bool),
        Column("seen", DataType.Timestamp), Column("day", DataType.Date), Column("doc", DataType.Json));

    [Fact]
    public async Task Append_NewTable_CreatedTypedAndRowsReadBackExactly()
    {
        var job = Job("acme", "shop");
        var seen = new DateTime(2024, 5, 1, 9, 30, 15, DateTimeKind.Utc);
        var batch = Batch("orders", new TableRows(Orders,
        [
            [1L, "anna", 1.5, 12.34m, true, seen, new DateOnly(2024, 5, 1), "{\"a\":1}", "L", "r1"],
            [2L, null, null, null, null, null, null, null, "L", "r2"],
        ]));

        var outcome = await LoadAsync(db.Warehouse, job, [batch]);

        Assert.Equal([new TableLoadResult("orders", 2, 0, 0)], outcome.Tables);
        Assert.Equal(1, outcome.SchemaVersion);
        var types = await db.QueryAsync(
            "SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns " +
            "WHERE table_schema = 'acme__shop' AND table_name = 'orders' ORDER BY ordinal_position");
        Assert.Equal(
            [
                ["id", "bigint", 64, 0], ["name", "text", null, null], ["score", "double precision", 53, null],
                ["price", "numeric", 10, 2], ["active", "boolean", null, null], ["seen", "timestamp with time zone", null, null],
                ["day", "date", null, null], ["doc", "jsonb", null, null], ["_dlt_load_id", "text", null, null],
                ["_dlt_id", "text", null, null],
            ],
            types);
        var rows = await db.QueryAsync(
            "SELECT id, name, score, price, active, seen, day::text, doc::text, _dlt_id FROM acme__shop.orders ORDER BY id");
        Assert.Equal(
            [
                [1L, "anna", 1.5, 12.34m, true, seen, "2024-05-01", "{\"a\": 1}", "r1"],
                [2L, null, null, null, null, null, null, null, "r2"],
            ],
            rows);
        var loads = await db.QueryAsync("SELECT load_id, schema_name, status, pipeline, rows FROM acme__shop._dlt_loads");
        Assert.Equal([[job.LoadId.ToString(), "shop", 0, "p1", 2L]], loads);
    }

    [Fact]
    public async Task Append_ColumnAddedMidLoad_TableAlteredAndEarlierRowsNull()
    {
        var narrow = Root("events", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));
        var wide = narrow with { Columns = [narrow.Columns[0], Column("kind", DataType.Text), .. narrow.Columns.Skip(1)] };

        await LoadAsync(db.Warehouse, Job("acme", "evolve"),
        [
            Batch("events", new TableRows(narrow, [[1L, "L", "a"]])),
            Batch("events", new TableRows(wide, [[2L, "click", "L", "b"]])),
        ]);

        Assert.Equal([[1L, null], [2L, "click"]], await db.QueryAsync("SELECT id, kind FROM acme__evolve.events ORDER BY id"));
        Assert.Equal(
            ["id", "_dlt_load_id", "_dlt_id", "kind"],
            (await db.QueryAsync("SELECT column_name FROM information_schema.columns WHERE table_schema = 'acme__evolve' " +
                "AND table_name = 'events' ORDER BY ordinal_position")).Select(r => r[0]));
        Assert.Equal([[1L, "evolve", "events:4"]], await db.QueryAsync("SELECT version, schema_name, version_hash FROM acme__evolve._dlt_version"));
    }

    [Fact]
    public async Task Append_TwoTenantsSameDataset_SeparateSchemas()
    {
        var table = Root("items", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));

        await LoadAsync(db.Warehouse, Job("tenant_one", "catalog"), [Batch("items", new TableRows(table, [[1L, "L", "a"]]))]);
        await LoadAsync(db.Warehouse, Job("tenant_two", "catalog"), [Batch("items", new TableRows(table, [[2L, "L", "b"], [3L, "L", "c"]]))]);

        Assert.Equal([[1L]], await db.QueryAsync("SELECT id FROM tenant_one__catalog.items"));
        Assert.Equal([[2L], [3L]], await db.QueryAsync("SELECT id FROM tenant_two__catalog.items ORDER BY id"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM tenant_one__catalog._dlt_loads"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM tenant_two__catalog._dlt_loads"));
    }

    [Fact]
    public async Task Append_SameLoadIdTwice_WrittenOnce()
    {
        var table = Root("items", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));
        var job = Job("acme", "twice");

        await LoadAsync(db.Warehouse, job, [Batch("items", new TableRows(table, [[1L, "L", "a"]]))]);
        await using var again = await db.Warehouse.BeginAsync(job, TestContext.Current.CancellationToken);

        Assert.True(again.AlreadyLoaded);
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM acme__twice.items"));
    }
}
