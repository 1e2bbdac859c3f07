using System.Net.Http.Json;
using System.Text.Json;
using MlOps.TestSupport;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>The demo pipeline bootstrapped on start: its file under the demo tenant's folder of the files root, its run loading it.</summary>
public sealed class DemoPipelineTests : IAsyncLifetime
{
    private const string Tenant = "demo-tenant";

    private readonly IngestService _service = new(new()
    {
        ["MlOps:Ingest:BootstrapDemoPipeline"] = "true",
        ["MlOps:Ingest:DemoTenant"] = Tenant,
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task Bootstrap_FreshService_FileUnderTheDemoTenantsFolderAndTheRunLoadsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _service.Client(Tenant);

        var page = await Eventually.WaitAsync(
            async () =>
            {
                var response = await client.GetAsync("/pipelines/demo-loans/runs", ct);
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(ct) : default;
            },
            runs => runs.ValueKind == JsonValueKind.Object && runs.GetProperty("items").EnumerateArray()
                .Any(run => run.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled"),
            "the demo run to end", TimeSpan.FromSeconds(120));

        var run = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(20_000, run.GetProperty("tables").EnumerateArray().Single().GetProperty("rowsLoaded").GetInt64());
        Assert.True(File.Exists(Path.Combine(_service.FilesRoot, Tenant, "demo", "credit-default.csv")));
        Assert.False(Directory.Exists(Path.Combine(_service.FilesRoot, "demo")));
    }
}
