using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Dapper;
using MlOps.Contracts;
using MlOps.Registry.Signing;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Services.FunctionalTests.Registry;

public sealed class VersionsApiTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task RegisterVersion_OnnxWithMetadata_StoresSchemaFromGraphSignsAndPublishes()
    {
        await using var events = await MessageCollector<ModelVersionRegistered>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = HttpExtensions.NewTenant();
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(tenant, RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var artifact = OnnxModelBuilder.Identity(input: "applicant", output: "probability", features: 7);
        var datasetId = Guid.NewGuid();

        var version = await client.RegisterVersionAsync(name, artifact, new
        {
            description = "first",
            metrics = new { auc = 0.87 },
            @params = new { trees = "100" },
            tags = new { framework = "mlnet" },
            lineage = new { datasetId, datasetVersion = 4, codeRevision = "abc123", featureService = "credit_v2" },
            inputExample = new { applicant = new[] { 1, 2, 3, 4, 5, 6, 7 } },
        });

        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.Equal("ready", version.GetProperty("status").GetString());
        var digest = Convert.ToHexStringLower(SHA256.HashData(artifact));
        Assert.Equal(digest, version.GetProperty("artifactDigest").GetString());
        Assert.Equal(artifact.Length, version.GetProperty("artifactSize").GetInt64());
        var input = Assert.Single(version.GetProperty("inputSchema").EnumerateArray());
        Assert.Equal("applicant", input.GetProperty("name").GetString());
        Assert.Equal("FLOAT", input.GetProperty("elementType").GetString());
        Assert.Equal([-1, 7], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("probability", Assert.Single(version.GetProperty("outputSchema").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(0.87, version.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal(datasetId, version.GetProperty("lineage").GetProperty("datasetId").GetGuid());
        Assert.Equal("abc123", version.GetProperty("lineage").GetProperty("codeRevision").GetString());
        Assert.Equal("credit_v2", version.GetProperty("lineage").GetProperty("featureService").GetString());
        Assert.Equal(7, version.GetProperty("inputExample").GetProperty("applicant").GetArrayLength());

        var key = await (await client.GetAsync("/signing-key", TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.Equal("Ed25519", key.GetProperty("algorithm").GetString());
        Assert.True(ModelSigner.Verify(Convert.FromBase64String(key.GetProperty("publicKey").GetString()!), tenant, name, 1, digest, version.GetProperty("signature").GetString()!));
        Assert.False(ModelSigner.Verify(Convert.FromBase64String(key.GetProperty("publicKey").GetString()!), tenant, name, 2, digest, version.GetProperty("signature").GetString()!));

        var (_, published) = await events.WaitForAsync(e => e.ModelName == name);
        Assert.Equal(tenant, published.TenantId);
        Assert.Equal(1, published.Version);
        Assert.Equal(digest, published.ArtifactDigest);
    }

    [Fact]
    public async Task RegisterVersion_SameBytesTwice_TwoVersionsOneStoredBlob()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var artifact = OnnxModelBuilder.Identity(producer: name);

        var first = await client.RegisterVersionAsync(name, artifact);
        var second = await client.RegisterVersionAsync(name, artifact);

        Assert.Equal(2, second.GetProperty("version").GetInt32());
        Assert.Equal(first.GetProperty("artifactDigest").GetString(), second.GetProperty("artifactDigest").GetString());
        var digest = first.GetProperty("artifactDigest").GetString()!;
        Assert.Single(Directory.GetFiles(fixture.ArtifactRoot, digest, SearchOption.AllDirectories));
    }

    [Fact]
    public async Task RegisterVersion_NotOnnx_Returns422NamingTheParseFailure_AndKeepsNothing()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var garbage = "this is a csv file, not a model\n1,2,3\n"u8.ToArray();

        var response = await client.UploadVersionAsync(name, garbage);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("could not be loaded as an ONNX model", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Empty(Directory.GetFiles(fixture.ArtifactRoot, Convert.ToHexStringLower(SHA256.HashData(garbage)), SearchOption.AllDirectories));
        Assert.Empty(StagingFiles());
        Assert.Empty((await (await client.GetAsync($"/models/{name}/versions", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task RegisterVersion_TruncatedOnnx_Returns422NamingWhereParsingFailed()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var model = OnnxModelBuilder.Identity();

        var response = await client.UploadVersionAsync(name, model[..(model.Length - 20)]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("at byte", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RegisterVersion_InitializerWithExternalData_Returns422NamingIt_AndKeepsNothing()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var model = OnnxModelBuilder.Identity(externalInitializer: "dense/kernel");

        var response = await client.UploadVersionAsync(name, model);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("External data not accepted", problem.GetProperty("title").GetString());
        Assert.Equal("The model's initializer 'dense/kernel' keeps its data in an external file ('weights.bin'); the registry stores self-contained models "
            + "only: save the model with its weights inside it (for example onnx.save_model(model, path, save_as_external_data=False)).",
            problem.GetProperty("detail").GetString());
        Assert.Empty(Directory.GetFiles(fixture.ArtifactRoot, Convert.ToHexStringLower(SHA256.HashData(model)), SearchOption.AllDirectories));
        Assert.Empty(StagingFiles());
        Assert.Empty((await (await client.GetAsync($"/models/{name}/versions", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task RegisterVersion_ConstantNodeWithExternalData_Returns422NamingTheNode()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);

        var response = await client.UploadVersionAsync(name, OnnxModelBuilder.Identity(constantNode: "bias", externalConstant: true));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith("The model's attribute 'value' of Constant node 'bias' keeps its data in an external file ('weights.bin');",
            (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterVersion_ConstantNodeWithInlineValue_IsRegistered()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);

        var response = await client.UploadVersionAsync(name, OnnxModelBuilder.Identity(constantNode: "bias"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task RegisterVersion_OverTheLimit_Returns413AndKeepsNothing()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);

        var response = await client.UploadVersionAsync(name, new byte[RegistryFixture.MaxArtifactBytes + 1]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(RegistryFixture.MaxArtifactBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), (await response.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Empty(StagingFiles());
    }

    [Fact]
    public async Task RegisterVersion_UploadCutOffMidStream_LeavesNoVersionAndNoFile()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var content = new MultipartFormDataContent { { new CutOffContent(OnnxModelBuilder.Identity()), "artifact", "model.onnx" } };

        await Assert.ThrowsAnyAsync<Exception>(() => client.PostAsync($"/models/{name}/versions", content, TestContext.Current.CancellationToken));

        await Eventually.WaitAsync(() => Task.FromResult(StagingFiles().Length), n => n == 0, "the staging file to be removed");
        await using var connection = new NpgsqlConnection(fixture.Registry.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM model_versions v JOIN registered_models m ON m.id = v.model_id WHERE m.name = @name", new { name }));
    }

    [Theory]
    [InlineData("text/plain", 415)]
    [InlineData(null, 400)]
    public async Task RegisterVersion_WrongShapeOfRequest_Returns4xxProblem(string? contentType, int status)
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        HttpContent body = contentType is null
            ? new MultipartFormDataContent { { new StringContent("{}"), "metadata" } }
            : new StringContent("hello", System.Text.Encoding.UTF8, contentType);

        var response = await client.PostAsync($"/models/{name}/versions", body, TestContext.Current.CancellationToken);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RegisterVersion_MalformedMetadata_Returns400NamingMetadata()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var content = new MultipartFormDataContent
        {
            { new StringContent("{\"metrics\": {\"auc\": \"high\"}}"), "metadata" },
            { new ByteArrayContent(OnnxModelBuilder.Identity()), "artifact", "model.onnx" },
        };

        var response = await client.PostAsync($"/models/{name}/versions", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task RegisterVersion_NonFiniteMetricAndBadTag_Returns400NamingEachAndStoresNothing()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var content = new MultipartFormDataContent
        {
            { new StringContent("{\"metrics\": {\"auc\": \"NaN\", \"loss\": 0.1}, \"tags\": {\"bad key\": \"v\"}}"), "metadata" },
            { new ByteArrayContent(OnnxModelBuilder.Identity()), "artifact", "model.onnx" },
        };

        var response = await client.PostAsync($"/models/{name}/versions", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Equal(["metadata.metrics.auc", "metadata.tags"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        var versions = await (await client.GetAsync($"/models/{name}/versions", TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.Equal(0, versions.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("credit service")]
    [InlineData("9lives")]
    [InlineData("")]
    public async Task RegisterVersion_FeatureServiceNotAFeatureStoreName_Returns400NamingTheField(string featureService)
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);

        var response = await client.UploadVersionAsync(name, OnnxModelBuilder.Identity(), new { lineage = new { featureService } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Contains($"Feature service '{featureService}' must be", errors.GetProperty("metadata.lineage.featureService")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadArtifact_WholeRangeAndConditional_ServesVerifiedBytes()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var artifact = OnnxModelBuilder.Identity(producer: name);
        await client.RegisterVersionAsync(name, artifact);
        var url = $"/models/{name}/versions/1/artifact";

        var whole = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var etag = whole.Headers.ETag!;
        using var ranged = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(10, 19) } };
        var part = await client.SendAsync(ranged, TestContext.Current.CancellationToken);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { IfNoneMatch = { etag } } };
        var notModified = await client.SendAsync(conditional, TestContext.Current.CancellationToken);

        Assert.Equal(artifact, await whole.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(artifact)), whole.Headers.GetValues("X-MlOps-Artifact-Sha256").Single());
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(artifact[10..20], await part.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task TamperedArtifact_IsRefusedOnDownload_AndVerificationSaysSo()
    {
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var version = await client.RegisterVersionAsync(name, OnnxModelBuilder.Identity(producer: name));
        var digest = version.GetProperty("artifactDigest").GetString()!;
        var before = await (await client.GetAsync($"/models/{name}/versions/1/verification", TestContext.Current.CancellationToken)).ReadJsonAsync();

        var stored = Directory.GetFiles(fixture.ArtifactRoot, digest, SearchOption.AllDirectories).Single();
        var bytes = await File.ReadAllBytesAsync(stored, TestContext.Current.CancellationToken);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(stored, bytes, TestContext.Current.CancellationToken);

        var download = await client.GetAsync($"/models/{name}/versions/1/artifact", TestContext.Current.CancellationToken);
        var after = await (await client.GetAsync($"/models/{name}/versions/1/verification", TestContext.Current.CancellationToken)).ReadJsonAsync();

        Assert.True(before.GetProperty("digestMatches").GetBoolean());
        Assert.True(before.GetProperty("signatureValid").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);
        Assert.Contains(digest, (await download.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.False(after.GetProperty("digestMatches").GetBoolean());
    }

    [Fact]
    public async Task Versions_UnknownModelOrVersion_Return404ProblemDetails()
    {
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync("present");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/models/absent/versions", TestContext.Current.CancellationToken)).StatusCode);
        var missing = await client.GetAsync("/models/present/versions/9", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no version 9", (await missing.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    private string[] StagingFiles()
    {
        var staging = Path.Combine(fixture.ArtifactRoot, "staging");
        return Directory.Exists(staging) ? Directory.GetFiles(staging) : [];
    }

    /// <summary>Sends part of the body, then fails, as a client whose connection drops mid-upload.</summary>
    private sealed class CutOffContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await stream.FlushAsync();
            throw new IOException("connection dropped");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
