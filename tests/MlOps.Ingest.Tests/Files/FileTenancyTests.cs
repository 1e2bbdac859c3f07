using Amazon.S3.Model;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.Files;

/// <summary>Each tenant reads only its own folder of the files root and its own `&lt;tenant&gt;/` in an allowed bucket.</summary>
public sealed class FileTenancyTests : IDisposable
{
    private readonly FilesFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Path_AnotherTenantsFile_NotFoundForTheOtherTenant()
    {
        _files.WriteFor("A", "x.csv", "v\nsecret\n"u8.ToArray());
        var source = _files.Source("""{"resource":"r","location":{"type":"path","path":"x.csv"}}""");

        var owner = Assert.Single(await FilesFixture.ReadAllAsync(source, new SourceReadContext { TenantId = "A" }));
        var other = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(source, new SourceReadContext { TenantId = "B" }));
        var glob = await FilesFixture.ReadAllAsync(
            _files.Source("""{"resource":"r","location":{"type":"path","path":"**/*.csv"}}"""), new SourceReadContext { TenantId = "B" });

        Assert.Equal([["secret"]], owner.Rows);
        Assert.Equal("x.csv: no such file under the files root", other.Message);
        Assert.Empty(glob);
    }

    [Fact]
    public void Path_DotDotIntoAnotherTenant_RefusedAsConfigError()
    {
        var error = Assert.Throws<SourceConfigException>(() =>
            _files.Source("""{"resource":"r","location":{"type":"path","path":"../A/x.csv"}}"""));

        Assert.Equal("location.path: must not contain '.' or '..' segments", error.Message);
    }

    [Fact]
    public async Task Path_SymlinkIntoAnotherTenantsFolder_RefusedWhenListed()
    {
        var secret = _files.WriteFor("A", "x.csv", "v\nsecret\n"u8.ToArray());
        Directory.CreateDirectory(_files.RootOf("B"));
        File.CreateSymbolicLink(Path.Combine(_files.RootOf("B"), "x.csv"), secret);
        var source = _files.Source("""{"resource":"r","location":{"type":"path","path":"x.csv"}}""");

        var error = await Assert.ThrowsAsync<SourceConfigException>(() =>
            FilesFixture.ReadAllAsync(source, new SourceReadContext { TenantId = "B" }));

        Assert.Equal("location.path: x.csv leads outside the files root", error.Message);
    }

    [Fact]
    public async Task S3_AnotherTenantsObject_NotReadable()
    {
        var key = $"ingest-files/{Guid.NewGuid():N}/x.csv";
        await PutAsync($"A/{key}", "v\nsecret\n");
        var source = _files.Source($$$"""{"resource":"s","location":{"type":"s3","bucket":"mlops-test","key":"{{{key}}}"}}""");

        var owner = Assert.Single(await FilesFixture.ReadAllAsync(source, new SourceReadContext { TenantId = "A" }));
        var other = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(source, new SourceReadContext { TenantId = "B" }));

        Assert.Equal([["secret"]], owner.Rows);
        Assert.Equal($"s3://mlops-test/B/{key}: no such bucket or object", other.Message);
    }

    [Fact]
    public async Task S3_BucketRemovedFromTheAllowList_RefusedWhenRead()
    {
        var source = _files.Source("""{"resource":"s","location":{"type":"s3","bucket":"mlops-test","key":"x.csv"}}""");
        _files.Options.S3.AllowedBuckets.Clear();

        var error = await Assert.ThrowsAsync<SourceConfigException>(() => FilesFixture.ReadAllAsync(source));

        Assert.Equal("location.bucket: mlops-test is not an allowed bucket (MlOps:Ingest:S3:AllowedBuckets)", error.Message);
    }

    [Fact]
    public void S3_NoBucketsAllowed_EveryS3LocationRefused()
    {
        _files.Options.S3.AllowedBuckets.Clear();

        var error = Assert.Throws<SourceConfigException>(() =>
            _files.Source("""{"resource":"s","location":{"type":"s3","bucket":"mlops-test","prefix":""}}"""));

        Assert.Equal("location.bucket", error.Field);
    }

    [Fact]
    public async Task S3_PrefixListingPastTheCap_SourceExceptionNamingTheCap()
    {
        var prefix = $"ingest-files/{Guid.NewGuid():N}/";
        for (var i = 0; i < 3; i++)
        {
            await PutAsync($"t1/{prefix}{i}.csv", "v\n1\n");
        }
        _files.Options.S3.MaxListedObjects = 2;
        var source = _files.Source($$$"""{"resource":"s","location":{"type":"s3","bucket":"mlops-test","prefix":"{{{prefix}}}"}}""");

        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(source));
        _files.Options.S3.MaxListedObjects = 3;
        var atTheCap = await FilesFixture.ReadAllAsync(source);

        Assert.Equal($"s3://mlops-test/t1/{prefix}: more than 2 objects under the prefix (MlOps:Ingest:S3:MaxListedObjects)", error.Message);
        Assert.Equal(3, atTheCap.Count);
    }

    private Task PutAsync(string key, string body) => _files.S3.PutObjectAsync(
        new PutObjectRequest { BucketName = FilesFixture.Bucket, Key = key, ContentBody = body, UseChunkEncoding = false },
        TestContext.Current.CancellationToken);
}
