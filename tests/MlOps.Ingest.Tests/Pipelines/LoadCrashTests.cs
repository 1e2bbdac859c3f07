using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http;
using MlOps.Ingest.Tests.RestApi;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>
/// The ingest process killed (SIGKILL) in the middle of an incremental load: nothing of that load is visible, and the
/// restarted service takes the run over and loads it from the last committed state, every row exactly once.
/// </summary>
public sealed class LoadCrashTests : IAsyncDisposable
{
    private const int PageSize = 100;

    private readonly string _database = TestInfrastructure.UniqueDatabase("ingest_crash");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlops-ingest-crash", Guid.NewGuid().ToString("N"));

    // Items 1..Available, ordered by their cursor; a request for a page at or past Gate waits until the gate opens.
    private int _available = 200;

    private int _gatePage = int.MaxValue;

    private readonly TaskCompletionSource _gateReached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource _gateOpen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task IngestKilledMidLoad_NothingOfItIsVisible_AndTheRestartedServiceResumesFromTheCommittedCursorExactlyOnce()
    {
        await using var api = await FakeRestApi.StartAsync(ServeAsync);
        var environment = Environment(api);

        // 1. A first run commits items 1..200 and the cursor 200.
        Guid crashedRun;
        using (var doomed = await ServiceProcess.StartAsync("ingest", "MlOps.Ingest", environment))
        {
            using var client = new HttpClient { BaseAddress = doomed.Address }.Authorize("acme", "ingest:read", "ingest:write");
            await RunPolling.CreateAsync(client, Pipeline(api.BaseUrl));
            Assert.Equal("succeeded", (await RunPolling.RunToEndAsync(client, "events")).GetProperty("status").GetString());

            // 2. 300 new items; the second run writes page 1 of them, then the process dies while it waits for page 2.
            (_available, _gatePage) = (500, 2);
            crashedRun = (await RunPolling.StartAsync(client, "events")).GetProperty("id").GetGuid();
            await _gateReached.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            doomed.Kill();
        }
        await using var warehouse = NpgsqlDataSource.Create(TestInfrastructure.Postgres(_database));
        await using (var connection = await warehouse.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            Assert.Equal(200, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM acme__telemetry.events"));
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM acme__telemetry._dlt_loads"));
            Assert.Equal("running", await connection.ExecuteScalarAsync<string>("SELECT status FROM pipeline_runs WHERE id = @crashedRun", new { crashedRun }));
        }

        // 3. Restarted, the service takes the run over once its lease runs out and loads 201..500 from the committed cursor.
        _gateOpen.SetResult();
        using var restarted = await ServiceProcess.StartAsync("ingest", "MlOps.Ingest", environment);
        using var again = new HttpClient { BaseAddress = restarted.Address }.Authorize("acme", "ingest:read", "ingest:write");
        var resumed = await RunPolling.FinishedAsync(again, "events", crashedRun.ToString());

        Assert.Equal("succeeded", resumed.GetProperty("status").GetString());
        await using var after = await warehouse.OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.Equal((500L, 500L, 1L, 500L), await after.QuerySingleAsync<(long, long, long, long)>(
            "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM acme__telemetry.events"));
        Assert.Equal(300, await after.ExecuteScalarAsync<long>("SELECT count(*) FROM acme__telemetry.events WHERE _dlt_load_id = @id",
            new { id = resumed.GetProperty("loadId").GetString() }));
        var resumedStarts = api.Urls.Where(u => u.Contains("page=1", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/events?since=0&page=1", "/events?since=200&page=1", "/events?since=200&page=1"], resumedStarts);
    }

    private async Task ServeAsync(HttpContext context)
    {
        var since = int.Parse(context.Request.Query["since"]!, System.Globalization.CultureInfo.InvariantCulture);
        var page = int.Parse(context.Request.Query["page"]!, System.Globalization.CultureInfo.InvariantCulture);
        if (page >= _gatePage)
        {
            _gateReached.TrySetResult();
            await _gateOpen.Task.WaitAsync(context.RequestAborted);
        }
        var items = Enumerable.Range(since + 1 + ((page - 1) * PageSize), PageSize).Where(i => i <= _available).Select(i => new { id = i, seq = i });
        await FakeRestApi.Json(context, JsonSerializer.Serialize(new { items }));
    }

    private static object Pipeline(string baseUrl) => new
    {
        name = "events", dataset = "telemetry",
        source = new
        {
            type = "rest_api",
            config = JsonSerializer.Deserialize<JsonElement>("""
                {"client": {"base_url": "BASE", "paginator": {"type": "page_number", "page_param": "page", "base_page": 1, "total_path": null, "stop_after_empty_page": true}},
                 "resources": [{"name": "events", "primary_key": "id",
                   "endpoint": {"path": "events", "data_selector": "items",
                     "incremental": {"cursor_path": "seq", "start_param": "since", "initial_value": 0}}}]}
                """.Replace("BASE", baseUrl, StringComparison.Ordinal)),
        },
    };

    private Dictionary<string, string> Environment(FakeRestApi api) => new()
    {
        ["ConnectionStrings__ingestdb"] = TestInfrastructure.Postgres(_database),
        ["ConnectionStrings__warehouse"] = TestInfrastructure.Postgres(_database),
        ["ConnectionStrings__messaging"] = TestInfrastructure.RabbitMq("ingest").ToString(),
        ["MlOps__Ingest__BootstrapDemoPipeline"] = "false",
        ["MlOps__Ingest__FilesRoot"] = _root,
        ["MlOps__Ingest__RunLease"] = "00:00:05",
        ["MlOps__Ingest__PollInterval"] = "00:00:00.200",
        ["MlOps__Ingest__ProgressInterval"] = "00:00:00.200",
        ["MlOps__Outbound__Allow__0"] = $"127.0.0.1:{api.Port}",
    };

    public async ValueTask DisposeAsync()
    {
        await TestInfrastructure.DropDatabaseAsync(_database);
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
