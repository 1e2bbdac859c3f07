using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using MlOps.Registry.Artifacts;
using MlOps.Registry.Model;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Registry;

/// <summary>The registry on an S3-compatible server (s3rver, started by scripts/test.sh) over real HTTP.</summary>
public sealed class S3ArtifactStoreTests : IAsyncLifetime
{
    private const string Bucket = "mlops-test";
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "mlops-s3-cache-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly AmazonS3Client _s3 = new(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
    {
        ServiceURL = TestInfrastructure.S3(), ForcePathStyle = true, AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });
    private ServiceFactory<RegisteredModelResponse> _registry = null!;

    public ValueTask InitializeAsync()
    {
        _registry = new ServiceFactory<RegisteredModelResponse>("registrydb", new Dictionary<string, string>
        {
            ["MlOps:Registry:Store"] = "s3",
            ["MlOps:Registry:ArtifactRoot"] = _cache,
            ["MlOps:Registry:S3:ServiceUrl"] = TestInfrastructure.S3(),
            ["MlOps:Registry:S3:Bucket"] = Bucket,
            ["MlOps:Registry:S3:AccessKey"] = "S3RVER",
            ["MlOps:Registry:S3:SecretKey"] = "S3RVER",
        });
        _registry.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    private HttpClient Client(string tenant)
    {
        return _registry.CreateClient().Authorize(tenant, "registry:read", RegistryRequests.Write);
    }

    [Fact]
    public async Task Version_OnS3_StoredInTheBucketUnderItsDigest_ServedAfterTheCacheIsGone()
    {
        var name = RegistryRequests.NewModelName();
        using var client = Client(HttpExtensions.NewTenant());
        await client.CreateModelAsync(name);
        var artifact = OnnxModelBuilder.Identity(producer: name);
        var digest = Convert.ToHexStringLower(SHA256.HashData(artifact));

        await client.RegisterVersionAsync(name, artifact);
        await client.RegisterVersionAsync(name, artifact);
        Directory.Delete(_cache, recursive: true);
        Directory.CreateDirectory(Path.Combine(_cache, "staging"));
        var download = await client.GetAsync($"/models/{name}/versions/2/artifact", TestContext.Current.CancellationToken);

        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = $"sha256/{digest[..2]}/" }, TestContext.Current.CancellationToken);
        Assert.Single(listed.S3Objects, o => o.Key == S3ArtifactStore.KeyOf(digest));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(artifact, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Version_TamperedInTheBucket_IsRefused()
    {
        var name = RegistryRequests.NewModelName();
        using var client = Client(HttpExtensions.NewTenant());
        await client.CreateModelAsync(name);
        var version = await client.RegisterVersionAsync(name, OnnxModelBuilder.Identity(producer: name));
        var digest = version.GetProperty("artifactDigest").GetString()!;

        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = S3ArtifactStore.KeyOf(digest), ContentBody = "not the model" }, TestContext.Current.CancellationToken);
        File.Delete(Directory.GetFiles(_cache, digest, SearchOption.AllDirectories).Single());
        var download = await client.GetAsync($"/models/{name}/versions/1/artifact", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _registry.DisposeAsync();
        _s3.Dispose();
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }
}
