using Amazon.S3.Model;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Lake;

public sealed class LakeS3Tests(LakeFolder lake) : IClassFixture<LakeFolder>
{
    private static readonly TableSchema Items =
        Root("items", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));

    [Fact]
    public async Task S3_TwoLoads_FilesAndManifestsUnderThePrefixAndStateReadBack()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var prefix = $"lake-{Guid.NewGuid():N}";
        var destination = LakeFolder.Parquet($"s3://{LakeFolder.Bucket}/{prefix}/");
        var first = Job("acme", "remote") with { Destination = destination };
        var second = Job("acme", "remote") with { Destination = destination };
        var state = System.Text.Json.JsonSerializer.SerializeToElement(new { cursor = 9 });

        await LoadAsync(lake.Lake(), first, [Batch("items", new TableRows(Items, [[1L, "L", "a"]]))]);
        await LoadAsync(lake.Lake(), second, [Batch("items", new TableRows(Items, [[2L, "L", "b"]])) with { StateAfter = state }]);

        var listed = await ListAsync($"acme/{prefix}");
        Assert.Equal(
            new[]
            {
                $"acme/{prefix}/acme__remote/_manifests/{first.LoadId}.json", $"acme/{prefix}/acme__remote/_manifests/{second.LoadId}.json",
                $"acme/{prefix}/acme__remote/items/{first.LoadId}.0.parquet", $"acme/{prefix}/acme__remote/items/{second.LoadId}.0.parquet",
            }.Order(StringComparer.Ordinal),
            listed.S3Objects.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(
            [$"s3://{LakeFolder.Bucket}/acme/{prefix}/acme__remote/items/{first.LoadId}.0.parquet",
                $"s3://{LakeFolder.Bucket}/acme/{prefix}/acme__remote/items/{second.LoadId}.0.parquet"],
            await lake.Lake().ListTableFilesAsync(destination, "acme", "remote", "items", cancellationToken));
        var read = await lake.Lake().ReadStateAsync(destination, "acme", "remote", "p1", cancellationToken);
        Assert.Equal("{\"cursor\":9}", read["items"].GetRawText());
        await using var again = await lake.Lake().BeginAsync(second, cancellationToken);
        Assert.True(again.AlreadyLoaded);
    }

    [Fact]
    public async Task S3_FailedLoad_UploadedFilesDeleted()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var prefix = $"lake-{Guid.NewGuid():N}";
        var job = Job("acme", "remote") with { Destination = LakeFolder.Parquet($"s3://{LakeFolder.Bucket}/{prefix}") };
        var writer = await lake.Lake(rowGroupRows: 1, fileRows: 1).BeginAsync(job, cancellationToken);
        await writer.WriteAsync(Batch("items", new TableRows(Items, [[1L, "L", "a"]])), cancellationToken);
        var uploaded = await ListAsync($"acme/{prefix}");

        await writer.DisposeAsync();

        Assert.Equal([$"acme/{prefix}/acme__remote/items/{job.LoadId}.0.parquet"], uploaded.S3Objects.Select(o => o.Key));
        var left = await ListAsync($"acme/{prefix}");
        Assert.Empty(left.S3Objects ?? []);
    }

    [Theory]
    [InlineData("s3://other-bucket/lake", "other-bucket")]
    [InlineData("s3:///lake", "")]
    public async Task S3_BucketNotAllowed_Refused(string url, string bucket)
    {
        var job = Job("acme", "remote") with { Destination = LakeFolder.Parquet(url) };

        var error = await Assert.ThrowsAsync<LoadFailedException>(() => lake.Lake().BeginAsync(job, TestContext.Current.CancellationToken));

        Assert.Equal($"the lake bucket '{bucket}' is not allowed (MlOps:Ingest:Lake:AllowedBuckets)", error.Message);
    }

    [Theory]
    [InlineData("s3://mlops-test/../other/lake", "../other/lake")]
    [InlineData("s3://mlops-test/a/./b", "a/./b")]
    public async Task S3_PrefixWithDotSegments_Refused(string url, string prefix)
    {
        var job = Job("acme", "remote") with { Destination = LakeFolder.Parquet(url) };

        var error = await Assert.ThrowsAsync<LoadFailedException>(() => lake.Lake().BeginAsync(job, TestContext.Current.CancellationToken));

        Assert.Equal($"the lake prefix '{prefix}' must not contain '.' or '..' segments", error.Message);
    }

    private Task<ListObjectsV2Response> ListAsync(string prefix) => lake.S3.ListObjectsV2Async(
        new ListObjectsV2Request { BucketName = LakeFolder.Bucket, Prefix = prefix }, TestContext.Current.CancellationToken);
}
