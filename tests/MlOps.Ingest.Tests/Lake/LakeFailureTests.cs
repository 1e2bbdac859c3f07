using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Lake;

public sealed class LakeFailureTests(LakeFolder lake) : IClassFixture<LakeFolder>
{
    private static readonly TableSchema Items =
        Root("items", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));

    [Fact]
    public async Task Load_FailsAfterAFileWasWritten_NoManifestAndNoFiles()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var job = Job("acme", "broken") with { Destination = LakeFolder.Parquet("fail") };
        var writer = await lake.Lake().BeginAsync(job, cancellationToken);
        await writer.WriteAsync(Batch("items", new TableRows(Items, [[1L, "L", "a"], [2L, "L", "b"]])), cancellationToken);
        Assert.Equal([$"items/{job.LoadId}.0.parquet"], lake.Files("acme", "fail", "acme__broken"));

        var error = await Assert.ThrowsAsync<LoadFailedException>(() =>
            writer.WriteAsync(Batch("items", new TableRows(Items, [["three", "L", "c"], [4L, "L", "d"]])), cancellationToken));
        await writer.DisposeAsync();

        Assert.Equal("items.id: a String value in a bigint column", error.Message);
        Assert.Empty(lake.Files("acme", "fail", "acme__broken"));
        Assert.Null(await lake.Lake().ReadSchemaAsync(job.Destination, "acme", "broken", cancellationToken));
    }

    [Fact]
    public async Task Load_SameLoadIdAgain_AlreadyLoadedAndNothingWritten()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var job = Job("acme", "twice") with { Destination = LakeFolder.Parquet("twice") };
        await LoadAsync(lake.Lake(), job, [Batch("items", new TableRows(Items, [[1L, "L", "a"]]))]);

        await using var again = await lake.Lake().BeginAsync(job, cancellationToken);

        Assert.True(again.AlreadyLoaded);
        Assert.Equal("items:3", again.Committed.SchemaHash);
        Assert.Equal([$"_manifests/{job.LoadId}.json", $"items/{job.LoadId}.0.parquet"], lake.Files("acme", "twice", "acme__twice"));
    }

    [Fact]
    public async Task Load_MergeDisposition_RefusedNamingIt()
    {
        var merged = Root("users", WriteDisposition.Merge, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt, key: true));
        var job = Job("acme", "merge") with { Destination = LakeFolder.Parquet("merge") };

        var error = await Assert.ThrowsAsync<LoadFailedException>(() =>
            LoadAsync(lake.Lake(), job, [Batch("users", new TableRows(merged, [[1L, "L", "a"]]))]));

        Assert.Equal(
            "table users: write disposition merge is not supported on the parquet destination (append and replace are)", error.Message);
        Assert.Empty(lake.Files("acme", "merge", "acme__merge"));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("/tmp/absolute")]
    [InlineData("..")]
    [InlineData("../other/escape")]
    public async Task Begin_UrlEscapingTheTenantsFolder_Refused(string url)
    {
        var job = Job("acme", "escape") with { Destination = LakeFolder.Parquet(url) };

        var error = await Assert.ThrowsAsync<LoadFailedException>(() => lake.Lake().BeginAsync(job, TestContext.Current.CancellationToken));

        Assert.Equal($"the lake folder '{url}' is not under the lake root", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Begin_NoUrl_Refused(string? url)
    {
        var job = Job("acme", "nourl") with { Destination = LakeFolder.Parquet(url!) };

        var error = await Assert.ThrowsAsync<LoadFailedException>(() => lake.Lake().BeginAsync(job, TestContext.Current.CancellationToken));

        Assert.Equal("the parquet destination needs a url (a folder under the lake root, or s3://bucket/prefix)", error.Message);
    }

    [Fact]
    public async Task Commit_UnsupportedQualityCheck_LoadFailsAndFilesDeleted()
    {
        var job = Job("acme", "checks") with { Destination = LakeFolder.Parquet("checks") };
        var checks = new Dictionary<string, IReadOnlyList<QualityCheck>>
        {
            ["items"] = [new QualityCheck { Type = "unique", Column = "id" }],
        };

        var error = await Assert.ThrowsAsync<LoadFailedException>(() =>
            LoadAsync(lake.Lake(), job, [Batch("items", new TableRows(Items, [[1L, "L", "a"]]))], checks));

        Assert.Equal("quality check unique on items is not supported on the parquet destination (only row_count is)", error.Message);
        Assert.Empty(lake.Files("acme", "checks", "acme__checks"));
    }
}
