using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Lake;

/// <summary>The tenant id is the first path component of every lake folder: two tenants naming the same url never meet.</summary>
public sealed class LakeTenantTests(LakeFolder lake) : IClassFixture<LakeFolder>
{
    private static readonly TableSchema Items =
        Root("items", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));

    [Fact]
    public async Task Load_TwoTenantsSameUrlAndDataset_EachUnderItsOwnFolder()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var destination = LakeFolder.Parquet("shared");
        var acme = Job("acme", "sales") with { Destination = destination };
        var beta = Job("beta", "sales") with { Destination = destination };

        await LoadAsync(lake.Lake(), acme, [Batch("items", new TableRows(Items, [[1L, "A", "a"]]))]);
        await LoadAsync(lake.Lake(), beta, [Batch("items", new TableRows(Items, [[2L, "B", "b"]]))]);

        Assert.Equal(
            [Path.Combine(lake.Root, "acme", "shared", "acme__sales", "items", $"{acme.LoadId}.0.parquet")],
            await lake.Lake().ListTableFilesAsync(destination, "acme", "sales", "items", cancellationToken));
        Assert.Equal(
            [Path.Combine(lake.Root, "beta", "shared", "beta__sales", "items", $"{beta.LoadId}.0.parquet")],
            await lake.Lake().ListTableFilesAsync(destination, "beta", "sales", "items", cancellationToken));
        Assert.Equal(["acme", "beta"], Directory.GetDirectories(lake.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Begin_UrlIntoAnotherTenantsFolder_Refused()
    {
        var job = Job("beta", "sales") with { Destination = LakeFolder.Parquet("../acme/shared") };

        var error = await Assert.ThrowsAsync<LoadFailedException>(() => lake.Lake().BeginAsync(job, TestContext.Current.CancellationToken));

        Assert.Equal("the lake folder '../acme/shared' is not under the lake root", error.Message);
    }
}
