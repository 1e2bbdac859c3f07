using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.TestSupport;

namespace MlOps.EndToEnd.Tests;

/// <summary>Data in through ingest, a model out of the trainer: the README's flow, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class IngestFlowTests(PlatformFixture platform)
{
    [Fact]
    public async Task DemoModel_IsTrainedFromTheTableTheDemoPipelineLoaded()
    {
        using var admin = platform.Gateway(platform.AdminKey);

        var runs = await Eventually.WaitAsync(
            () => admin.GetFromJsonAsync<JsonElement>("/api/ingest/pipelines/demo-loans/runs", TestContext.Current.CancellationToken),
            page => page.GetProperty("items").EnumerateArray().Any(r => r.GetProperty("status").GetString() == "succeeded"),
            "the demo pipeline's first run", TimeSpan.FromSeconds(120));
        var version = await Eventually.WaitAsync(
            () => admin.GetAsync("/api/registry/models/credit-default/versions/1", TestContext.Current.CancellationToken),
            r => r.StatusCode == HttpStatusCode.OK, "the demo model's first version", TimeSpan.FromSeconds(120));

        var load = runs.GetProperty("items")[0].GetProperty("loadId").GetString();
        var lineage = JsonDocument.Parse((await version.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken))
            .GetProperty("params").GetProperty("training_data").GetString()!).RootElement;
        Assert.Equal(("demo", "loans", load, 20_000), (lineage.GetProperty("dataset").GetString(), lineage.GetProperty("table").GetString(),
            lineage.GetProperty("resolvedLoad").GetString(), lineage.GetProperty("rows").GetInt32()));
    }

    [Fact]
    public async Task UploadedFile_LoadedByAPipeline_TrainsAModelThatRecordsIt()
    {
        using var admin = platform.Gateway(platform.AdminKey);
        var key = await CreateKeyAsync(admin, "lending-team", "ingest:read", "ingest:write", "trainer:write", "trainer:read", "registry:write", "registry:read");
        using var client = platform.Gateway(key);
        var csv = string.Join('\n', File.ReadLines(Path.Combine(PlatformFixture.RepositoryRoot, "services/trainer/DemoData/credit-default.csv")).Take(2001));
        var upload = await client.PostAsync("/api/ingest/uploads?name=loans.csv", new StringContent(csv), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploadId = (await upload.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("uploadId").GetString();
        var created = await client.PostAsJsonAsync("/api/ingest/pipelines", new
        {
            name = "loans", dataset = "lending",
            source = new { type = "files", config = new { resource = "applications", location = new { type = "upload", upload_id = uploadId } } },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var started = await (await client.PostAsync("/api/ingest/pipelines/loans/runs", null, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var run = await Eventually.WaitAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/api/ingest/pipelines/loans/runs/{started.GetProperty("id").GetString()}",
                TestContext.Current.CancellationToken),
            r => r.GetProperty("status").GetString() is "succeeded" or "failed", "the upload's load");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var training = await client.PostAsJsonAsync("/api/trainer/runs", new
        {
            modelName = "loan-default", reason = "first model from lending data",
            data = new { dataset = "lending", table = "applications", labelColumn = "defaulted" },
        }, TestContext.Current.CancellationToken);

        var trained = await training.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, training.StatusCode);
        Assert.Equal("succeeded", trained.GetProperty("status").GetString());
        Assert.Equal((run.GetProperty("loadId").GetString(), 2000), (trained.GetProperty("data").GetProperty("resolvedLoad").GetString(),
            trained.GetProperty("data").GetProperty("rows").GetInt32()));
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string tenant, params string[] scopes)
    {
        var response = await admin.PostAsJsonAsync("/admin/keys", new { tenantId = tenant, name = "e2e-ingest", scopes }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("secret").GetString()!;
    }
}
