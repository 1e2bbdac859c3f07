using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.TestSupport;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>Files uploaded through the API and loaded by a files pipeline; uploads are bounded and private to their tenant.</summary>
public sealed class UploadTests : IAsyncLifetime
{
    private readonly IngestService _service = new(new() { ["MlOps:Ingest:MaxUploadBytes"] = "4096" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task Upload_GzippedCsv_LoadsThroughAFilesPipeline()
    {
        var client = _service.Client("acme");
        var upload = await client.PostAsync("/uploads?name=orders.csv.gz", Gzip("order_id,total\n10,5.5\n11,6\n"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploadId = (await upload.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("uploadId").GetString();
        await RunPolling.CreateAsync(client, new
        {
            name = "orders", dataset = "shop",
            source = new { type = "files", config = new { resource = "orders", location = new { type = "upload", upload_id = uploadId } } },
        });

        var run = await RunPolling.RunToEndAsync(client, "orders");

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("tables")[0].GetProperty("rowsLoaded").GetInt64());
    }

    [Fact]
    public async Task Upload_OverTheLimitWhileStreaming_Returns413AndKeepsNothing()
    {
        var client = _service.Client("acme");
        using var content = new StreamContent(new NonSeekable(new byte[5000]));

        var response = await client.PostAsync("/uploads?name=big.csv", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Directory.Exists(Path.Combine(_service.Root, "uploads", "acme"))
            ? Directory.GetFiles(Path.Combine(_service.Root, "uploads", "acme"), "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task Upload_PastTheTenantsQuota_Returns413WhileAnotherTenantStillUploads()
    {
        await using var service = new IngestService(new() { ["MlOps:Ingest:MaxUploadBytesPerTenant"] = "3000" });
        var acme = service.Client("acme");
        var first = await acme.PostAsync("/uploads?name=a.csv", new ByteArrayContent(new byte[2500]), TestContext.Current.CancellationToken);

        var second = await acme.PostAsync("/uploads?name=b.csv", new ByteArrayContent(new byte[1000]), TestContext.Current.CancellationToken);
        var other = await service.Client("globex").PostAsync("/uploads?name=c.csv", new ByteArrayContent(new byte[1000]),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, second.StatusCode);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("data.exe")]
    public async Task Upload_NameWithoutAKnownExtension_Returns400(string name)
    {
        var response = await _service.Client("acme").PostAsync($"/uploads?name={name}", new StringContent("a\n1\n"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("name: ", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_OfAnotherTenant_IsNotFoundByARun()
    {
        var upload = await _service.Client("acme").PostAsync("/uploads?name=a.csv", new StringContent("x\n1\n"), TestContext.Current.CancellationToken);
        var uploadId = (await upload.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("uploadId").GetString();
        var other = _service.Client("globex");
        await RunPolling.CreateAsync(other, new
        {
            name = "steal", dataset = "d",
            source = new { type = "files", config = new { resource = "a", location = new { type = "upload", upload_id = uploadId } } },
        });

        var run = await RunPolling.RunToEndAsync(other, "steal");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains(uploadId!, run.GetProperty("error").GetString());
    }

    private static ByteArrayContent Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return new ByteArrayContent(buffer.ToArray());
    }

    /// <summary>A body without a length, so the limit is met while streaming rather than from Content-Length.</summary>
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task Upload_OlderThanItsRetention_IsDeletedAndARunNamingItFailsSayingSo()
    {
        await using var service = new IngestService(new()
        {
            ["MlOps:Retention:Interval"] = "00:00:01",
            ["MlOps:Retention:Ages:uploads"] = "01:00:00",
        });
        var client = service.Client("acme");
        var fresh = await client.PostAsync("/uploads?name=new.csv", new StringContent("x\n1\n"), TestContext.Current.CancellationToken);
        var stale = await client.PostAsync("/uploads?name=old.csv", new StringContent("x\n1\n"), TestContext.Current.CancellationToken);
        var staleId = (await stale.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("uploadId").GetString()!;
        var staleFile = Directory.GetFiles(Path.Combine(service.Root, "uploads"), staleId, SearchOption.AllDirectories).Single();
        File.SetLastWriteTimeUtc(staleFile, DateTime.UtcNow.AddHours(-2));

        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(staleFile)), exists => !exists, "the sweeper to delete the stale upload");
        await RunPolling.CreateAsync(client, new
        {
            name = "old", dataset = "shop",
            source = new { type = "files", config = new { resource = "orders", location = new { type = "upload", upload_id = staleId } } },
        });
        var run = await RunPolling.RunToEndAsync(client, "old");

        var freshId = (await fresh.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("uploadId").GetString();
        Assert.Equal(freshId, Path.GetFileName(Assert.Single(Directory.GetFiles(Path.Combine(service.Root, "uploads"), "*", SearchOption.AllDirectories))));
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains(staleId, run.GetProperty("error").GetString());
    }
}
