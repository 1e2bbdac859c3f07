using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

public sealed class ReplaceLoadTests(WarehouseDatabase db) : IClassFixture<WarehouseDatabase>
{
    private static readonly TableSchema Docs = Root("docs", WriteDisposition.Replace, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));
    private static readonly TableSchema Tags = Child("docs__tags", Docs, Column("value", DataType.Text));

    [Fact]
    public async Task Replace_SecondLoad_RootAndChildTablesClearedOnceThenAllBatchesKept()
    {
        await LoadAsync(db.Warehouse, Job("acme", "replace"),
        [
            Batch("docs", new TableRows(Docs, [[1L, "L1", "d1"], [2L, "L1", "d2"]]),
                new TableRows(Tags, [["x", "d1", 0L, "d1", "L1", "t1"], ["y", "d2", 0L, "d2", "L1", "t2"]])),
        ]);

        // The second load's rows have no children: the old children must go all the same.
        await LoadAsync(db.Warehouse, Job("acme", "replace"),
        [
            Batch("docs", new TableRows(Docs, [[3L, "L2", "d3"]])),
            Batch("docs", new TableRows(Docs, [[4L, "L2", "d4"]])),
        ]);

        Assert.Equal([[3L], [4L]], await db.QueryAsync("SELECT id FROM acme__replace.docs ORDER BY id"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM acme__replace.docs__tags"));
    }

    [Fact]
    public async Task Replace_ChildRowsInLaterBatch_KeptWithTheirRoots()
    {
        await LoadAsync(db.Warehouse, Job("acme", "replace2"),
            [Batch("docs", new TableRows(Docs, [[1L, "L1", "d1"]]), new TableRows(Tags, [["old", "d1", 0L, "d1", "L1", "t1"]]))]);

        await LoadAsync(db.Warehouse, Job("acme", "replace2"),
        [
            Batch("docs", new TableRows(Docs, [[2L, "L2", "d2"]]), new TableRows(Tags, [["a", "d2", 0L, "d2", "L2", "t2"]])),
            Batch("docs", new TableRows(Docs, [[3L, "L2", "d3"]]), new TableRows(Tags, [["b", "d3", 0L, "d3", "L2", "t3"]])),
        ]);

        Assert.Equal([[2L], [3L]], await db.QueryAsync("SELECT id FROM acme__replace2.docs ORDER BY id"));
        Assert.Equal([["a", "d2"], ["b", "d3"]], await db.QueryAsync("SELECT value, _dlt_root_id FROM acme__replace2.docs__tags ORDER BY value"));
    }
}
