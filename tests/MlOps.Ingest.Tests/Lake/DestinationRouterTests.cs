using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlOps.Ingest.Lake;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Tests.Warehouse;
using MlOps.Ingest.Warehouse;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Lake;

public sealed class DestinationRouterTests(WarehouseDatabase db, LakeFolder lake)
    : IClassFixture<WarehouseDatabase>, IClassFixture<LakeFolder>
{
    private static readonly TableSchema Items =
        Root("items", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));

    [Fact]
    public async Task Route_PostgresAndParquetJobs_EachLandsInItsDestination()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var router = new DestinationRouter(db.Warehouse, lake.Lake());
        var parquet = LakeFolder.Parquet("routed");
        var cursor = System.Text.Json.JsonSerializer.SerializeToElement(new { cursor = 1 });

        await LoadAsync(router, Job("acme", "routed"), [Batch("items", new TableRows(Items, [[1L, "L", "a"]]))]);
        await LoadAsync(router, Job("acme", "routed") with { Destination = parquet },
            [Batch("items", new TableRows(Items, [[2L, "L", "b"]])) with { StateAfter = cursor }]);

        Assert.Equal([[1L]], await db.QueryAsync("SELECT id FROM acme__routed.items"));
        var files = await lake.Lake().ListTableFilesAsync(parquet, "acme", "routed", "items", cancellationToken);
        Assert.Equal([[2L]], LakeFolder.Query($"SELECT id FROM {LakeFolder.ReadParquet(files)}"));
        Assert.Empty(await router.ReadStateAsync(new DestinationSpec(), "acme", "routed", "p1", cancellationToken));
        var state = await router.ReadStateAsync(parquet, "acme", "routed", "p1", cancellationToken);
        Assert.Equal("{\"cursor\":1}", state["items"].GetRawText());
        Assert.NotNull(await router.ReadSchemaAsync(parquet, "acme", "routed", cancellationToken));
    }

    [Fact]
    public async Task Route_UnknownType_Refused()
    {
        var router = new DestinationRouter(db.Warehouse, lake.Lake());
        var job = Job("acme", "routed") with { Destination = new DestinationSpec { Type = "bigquery" } };

        var error = await Assert.ThrowsAsync<LoadFailedException>(() => router.BeginAsync(job, TestContext.Current.CancellationToken));

        Assert.Equal("destination type 'bigquery' is not known (postgres, parquet)", error.Message);
    }

    [Fact]
    public void AddLake_AfterAddWarehouse_RouterIsTheDestinationAndLakeOptionsBound()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:warehouse"] = "Host=localhost;Database=unused";
        builder.Configuration["MlOps:Ingest:LakeRoot"] = lake.Root;
        builder.Configuration["MlOps:Ingest:Lake:AllowedBuckets:0"] = "lake-bucket";
        builder.AddWarehouse();

        builder.AddLake();

        using var services = builder.Services.BuildServiceProvider();
        Assert.IsType<DestinationRouter>(services.GetRequiredService<ILoadDestination>());
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LakeOptions>>().Value;
        Assert.Equal(lake.Root, options.Root);
        Assert.Equal(["lake-bucket"], options.AllowedBuckets);
    }
}
