using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Ingest.Tests.RestApi;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>What keeps one tenant's pipelines from holding the service: schedule floor, run deadline, a cap on active runs.</summary>
public sealed class RunLimitsTests
{
    [Fact]
    public async Task Create_ScheduleMoreOftenThanTheFloor_Returns400NamingIt()
    {
        await using var service = new IngestService(new() { ["MlOps:Ingest:MinScheduleInterval"] = "00:01:00" });

        var response = await service.Client("acme").PostAsJsonAsync("/pipelines", new
        {
            name = "hot", dataset = "d", schedule = "*/30 * * * * *",
            source = new { type = "files", config = new { format = "csv", resource = "r", location = new { type = "path", path = "a.csv" } } },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("schedule: '*/30 * * * * *' runs more often than every 00:01:00 (MlOps:Ingest:MinScheduleInterval).",
            (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Run_LongerThanMaxRunDuration_FailsSayingSo()
    {
        await using var api = await FakeRestApi.StartAsync(async context =>
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        await using var service = new IngestService(new() { ["MlOps:Ingest:MaxRunDuration"] = "00:00:02" });
        var client = service.Client("acme");
        await RunPolling.CreateAsync(client, SlowPipeline("stuck", api.BaseUrl));

        var run = await RunPolling.RunToEndAsync(client, "stuck");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal("the load ran longer than MlOps:Ingest:MaxRunDuration (00:00:02); nothing of it is visible", run.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Runs_OfOneTenantAtItsCap_WaitWhileAnotherTenantsRunLoads()
    {
        var release = new TaskCompletionSource();
        var firstStarted = new TaskCompletionSource();
        await using var slow = await FakeRestApi.StartAsync(async context =>
        {
            firstStarted.TrySetResult();
            await release.Task.WaitAsync(context.RequestAborted);
            await FakeRestApi.Json(context, "[]");
        });
        await using var fast = await FakeRestApi.StartAsync(context => FakeRestApi.Json(context, """[{"id": 1}]"""));
        await using var service = new IngestService(new() { ["MlOps:Ingest:Concurrency"] = "2", ["MlOps:Ingest:MaxActiveRunsPerTenant"] = "1" });
        var acme = service.Client("acme");
        var globex = service.Client("globex");
        await RunPolling.CreateAsync(acme, SlowPipeline("first", slow.BaseUrl));
        await RunPolling.CreateAsync(acme, SlowPipeline("second", fast.BaseUrl));
        await RunPolling.CreateAsync(globex, SlowPipeline("other", fast.BaseUrl));

        await RunPolling.StartAsync(acme, "first");
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var second = await RunPolling.StartAsync(acme, "second");
        var other = await RunPolling.RunToEndAsync(globex, "other");
        var waiting = await acme.GetFromJsonAsync<JsonElement>($"/pipelines/second/runs/{second.GetProperty("id").GetString()}",
            TestContext.Current.CancellationToken);
        release.SetResult();
        var finished = await RunPolling.FinishedAsync(acme, "second", second.GetProperty("id").GetString()!);

        Assert.Equal("succeeded", other.GetProperty("status").GetString());
        Assert.Equal("queued", waiting.GetProperty("status").GetString());
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Update_ChangingTheBaseUrlWhileKeepingMaskedSecrets_Returns400()
    {
        await using var service = new IngestService();
        var client = service.Client("acme");
        var created = await RunPolling.CreateAsync(client, new
        {
            name = "api", dataset = "d",
            source = new { type = "rest_api", config = new { client = new { base_url = "https://api.example.com/", auth = new { type = "bearer", token = "t0ken" } }, resources = new[] { "items" } } },
        });
        var masked = created.GetProperty("sourceConfig").GetRawText().Replace("https://api.example.com/", "https://attacker.example.net/", StringComparison.Ordinal);

        var response = await client.PutAsJsonAsync("/pipelines/api", new
        {
            name = "api", dataset = "d", source = new { type = "rest_api", config = JsonSerializer.Deserialize<JsonElement>(masked) },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("source.config.client.base_url: it changes where the stored secrets go",
            (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString());
    }

    private static object SlowPipeline(string name, string baseUrl) => new
    {
        name, dataset = name,
        source = new { type = "rest_api", config = new { client = new { base_url = baseUrl, paginator = "single_page" }, resources = new[] { "items" } } },
    };
}
