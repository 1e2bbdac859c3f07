using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Lake;

public sealed class LakeReplaceTests(LakeFolder lake) : IClassFixture<LakeFolder>
{
    private static readonly TableSchema Items =
        Root("items", WriteDisposition.Replace, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));
    private static readonly TableSchema Tags = Child("items__tags", Items, Column("value", DataType.Text));

    [Fact]
    public async Task Replace_SecondLoad_EarlierFilesOfTheTreeSuperseded()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var destination = LakeFolder.Parquet("replace");
        var first = Job("acme", "catalog") with { Destination = destination };
        var second = Job("acme", "catalog") with { Destination = destination };
        await LoadAsync(lake.Lake(), first,
        [
            Batch("items", new TableRows(Items, [[1L, "L1", "a"], [2L, "L1", "b"]]),
                new TableRows(Tags, [["red", "a", 0L, "a", "L1", "t1"]])),
        ]);

        await LoadAsync(lake.Lake(), second, [Batch("items", new TableRows(Items, [[3L, "L2", "c"]]))]);

        var items = await lake.Lake().ListTableFilesAsync(destination, "acme", "catalog", "items", cancellationToken);
        Assert.Equal([Path.Combine(lake.Root, "acme", "replace", "acme__catalog", "items", $"{second.LoadId}.0.parquet")], items);
        Assert.Equal([[3L, "c"]], LakeFolder.Query($"SELECT id, _dlt_id FROM {LakeFolder.ReadParquet(items)}"));
        Assert.Empty(await lake.Lake().ListTableFilesAsync(destination, "acme", "catalog", "items__tags", cancellationToken));
        var tables = lake.Manifest("acme", "replace", "acme__catalog", second.LoadId).GetProperty("tables");
        Assert.Equal("""{"replace":true,"rows":0,"files":[]}""", tables.GetProperty("items__tags").GetRawText());
        Assert.True(tables.GetProperty("items").GetProperty("replace").GetBoolean());
    }

    [Fact]
    public async Task Replace_ThenAppendToAnotherTable_OtherTableKeepsAllFiles()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var destination = LakeFolder.Parquet("mixed");
        var events = Root("events", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));
        await LoadAsync(lake.Lake(), Job("acme", "mixed") with { Destination = destination },
            [Batch("events", new TableRows(events, [[1L, "L1", "e1"]])), Batch("items", new TableRows(Items, [[1L, "L1", "a"]]))]);

        await LoadAsync(lake.Lake(), Job("acme", "mixed") with { Destination = destination },
            [Batch("events", new TableRows(events, [[2L, "L2", "e2"]])), Batch("items", new TableRows(Items, [[2L, "L2", "b"]]))]);

        var eventFiles = await lake.Lake().ListTableFilesAsync(destination, "acme", "mixed", "events", cancellationToken);
        var itemFiles = await lake.Lake().ListTableFilesAsync(destination, "acme", "mixed", "items", cancellationToken);
        Assert.Equal([[1L], [2L]], LakeFolder.Query($"SELECT id FROM {LakeFolder.ReadParquet(eventFiles)} ORDER BY id"));
        Assert.Equal([[2L]], LakeFolder.Query($"SELECT id FROM {LakeFolder.ReadParquet(itemFiles)} ORDER BY id"));
    }
}
