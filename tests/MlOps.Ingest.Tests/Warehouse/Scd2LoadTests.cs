using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

public sealed class Scd2LoadTests(WarehouseDatabase db) : IClassFixture<WarehouseDatabase>
{
    private static readonly TableSchema Customers = Root("customers", WriteDisposition.Merge, MergeStrategy.Scd2,
        Column("id", DataType.BigInt), Column("city", DataType.Text));

    [Fact]
    public async Task Scd2_ChangedAndAbsentRows_RetiredAtSecondLoadTimeAndNewVersionInserted()
    {
        var first = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
        var second = new DateTime(2024, 5, 2, 10, 0, 0, DateTimeKind.Utc);
        await LoadAsync(db.WarehouseAt(first), Job("acme", "scd2"),
            [Batch("customers", new TableRows(Customers, [[1L, "Oslo", "L1", "a"], [2L, "Bergen", "L1", "b"], [3L, "Molde", "L1", "c"]]))]);

        // Row 1 unchanged, row 2 moved, row 3 gone from the full extract.
        await LoadAsync(db.WarehouseAt(second), Job("acme", "scd2"),
            [Batch("customers", new TableRows(Customers, [[1L, "Oslo", "L2", "x"], [2L, "Trondheim", "L2", "y"]]))]);

        var rows = await db.QueryAsync(
            "SELECT id, city, _dlt_valid_from, _dlt_valid_to FROM acme__scd2.customers ORDER BY id, _dlt_valid_from");
        Assert.Equal(
            [
                [1L, "Oslo", first, null],
                [2L, "Bergen", first, second],
                [2L, "Trondheim", second, null],
                [3L, "Molde", first, second],
            ],
            rows);
    }

    [Fact]
    public async Task Scd2_SameExtractTwice_NothingRetiredNothingAdded()
    {
        var first = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        await LoadAsync(db.WarehouseAt(first), Job("acme", "scd2same"), [Batch("customers", new TableRows(Customers, [[1L, "Oslo", "L1", "a"]]))]);
        await LoadAsync(db.WarehouseAt(first.AddDays(1)), Job("acme", "scd2same"),
            [Batch("customers", new TableRows(Customers, [[1L, "Oslo", "L2", "b"]]))]);

        Assert.Equal(
            [[1L, first, null]],
            await db.QueryAsync("SELECT id, _dlt_valid_from, _dlt_valid_to FROM acme__scd2same.customers"));
    }
}
