using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MlOps.Contracts;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>A files pipeline through the service's API: created, run by the worker, committed to the warehouse, announced.</summary>
public sealed class FilePipelineTests : IAsyncLifetime
{
    private readonly IngestService _service = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task Run_CsvWithABadLine_LoadsTheGoodRowsQuarantinesTheBadOneAndPublishesDatasetLoaded()
    {
        await using var events = await MessageCollector<DatasetLoaded>.StartAsync(TestInfrastructure.RabbitMq("ingest"));
        Directory.CreateDirectory(Path.Combine(_service.FilesRootOf("acme"), "in"));
        await File.WriteAllTextAsync(Path.Combine(_service.FilesRootOf("acme"), "in", "loans.csv"),
            "id,amount,approved\n1,100.5,true\n2,7,false\n3,x,y,z\n4,12.25,true\n", TestContext.Current.CancellationToken);
        var client = _service.Client("acme");
        await RunPolling.CreateAsync(client, new
        {
            name = "loans", dataset = "lending",
            source = new { type = "files", config = new { format = "csv", resource = "loans", location = new { type = "path", path = "in/loans.csv" } } },
        });

        var run = await RunPolling.RunToEndAsync(client, "loans");

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var table = run.GetProperty("tables").EnumerateArray().Single();
        Assert.Equal(("loans", 3, 1), (table.GetProperty("table").GetString(), table.GetProperty("rowsLoaded").GetInt64(),
            table.GetProperty("rowsQuarantined").GetInt64()));
        await using var warehouse = NpgsqlDataSource.Create(_service.Factory.ConnectionString);
        await using var connection = await warehouse.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var rows = (await connection.QueryAsync<(long Id, double Amount, bool Approved)>(
            "SELECT id, amount, approved FROM acme__lending.loans ORDER BY id")).ToList();
        Assert.Equal([(1L, 100.5, true), (2L, 7.0, false), (4L, 12.25, true)], rows);
        var loadId = run.GetProperty("loadId").GetGuid();
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM acme__lending.loans WHERE _dlt_load_id = @id",
            new { id = loadId.ToString() }));
        Assert.Equal("in/loans.csv line 4", await connection.ExecuteScalarAsync<string>(
            "SELECT position FROM acme__lending._mlops_quarantine WHERE load_id = @id", new { id = loadId.ToString() }));
        var (_, loaded) = await events.WaitForAsync(e => e.LoadId == loadId);
        Assert.Equal(("acme", "loans", "lending", "loans", 3L), (loaded.TenantId, loaded.Pipeline, loaded.Dataset, loaded.Table, loaded.Rows));
        Assert.Equal(run.GetProperty("schemaHash").GetString(), loaded.SchemaHash);
        var dataset = await client.GetFromJsonAsync<JsonElement>("/datasets/lending", TestContext.Current.CancellationToken);
        Assert.Equal((1L, 3L, loadId), (dataset.GetProperty("currentVersion").GetInt64(), dataset.GetProperty("rowCount").GetInt64(),
            dataset.GetProperty("lastLoadId").GetGuid()));
    }

    [Fact]
    public async Task Run_ParquetDestination_WritesTheTableAndAManifestUnderTheLakeRoot()
    {
        await File.WriteAllTextAsync(Path.Combine(_service.FilesRootOf("acme"), "lake.csv"), "id,city\n1,Oslo\n2,Lima\n", TestContext.Current.CancellationToken);
        var client = _service.Client("acme");
        await RunPolling.CreateAsync(client, new
        {
            name = "to-lake", dataset = "geo", destination = new { type = "parquet", url = "exports" },
            source = new { type = "files", config = new { format = "csv", resource = "cities", location = new { type = "path", path = "lake.csv" } } },
        });

        var run = await RunPolling.RunToEndAsync(client, "to-lake");

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var dataset = Path.Combine(_service.Root, "lake", "acme", "exports", "acme__geo");
        Assert.Equal($"{run.GetProperty("loadId").GetString()}.json", Path.GetFileName(Directory.GetFiles(Path.Combine(dataset, "_manifests")).Single()));
        Assert.Single(Directory.GetFiles(Path.Combine(dataset, "cities"), "*.parquet"));
    }

    [Fact]
    public async Task LakeLoad_FilesOfAnUncommittedLoad_DeletedByTheNextLoadOfTheDataset()
    {
        File.WriteAllText(Path.Combine(_service.FilesRootOf("acme"), "lake2.csv"), "city,pop\nLyon,500\n");
        var client = _service.Client("acme");
        await RunPolling.CreateAsync(client, new
        {
            name = "to-lake-2", dataset = "geo2", destination = new { type = "parquet", url = "exports" },
            source = new { type = "files", config = new { format = "csv", resource = "cities", location = new { type = "path", path = "lake2.csv" } } },
        });
        Assert.Equal("succeeded", (await RunPolling.RunToEndAsync(client, "to-lake-2")).GetProperty("status").GetString());
        var table = Path.Combine(_service.Root, "lake", "acme", "exports", "acme__geo2", "cities");
        var committed = Directory.GetFiles(table, "*.parquet").Single();
        // What a load killed before its manifest leaves behind.
        var orphan = Path.Combine(table, $"{Guid.CreateVersion7()}.0.parquet");
        File.Copy(committed, orphan);

        Assert.Equal("succeeded", (await RunPolling.RunToEndAsync(client, "to-lake-2")).GetProperty("status").GetString());

        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(committed));
        Assert.Equal(2, Directory.GetFiles(table, "*.parquet").Length);
    }

    [Fact]
    public async Task Run_MissingFile_FailsNamingTheFileAndLeavesNothing()
    {
        var client = _service.Client("acme");
        await RunPolling.CreateAsync(client, new
        {
            name = "missing", dataset = "lending",
            source = new { type = "files", config = new { format = "csv", resource = "loans", location = new { type = "path", path = "in/none.csv" } } },
        });

        var run = await RunPolling.RunToEndAsync(client, "missing");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("in/none.csv", run.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/datasets/lending", TestContext.Current.CancellationToken)).StatusCode);
        // Incident hears of it: PipelineRunFailed went into the outbox with the failure.
        await using var connection = new Npgsql.NpgsqlConnection(_service.Factory.ConnectionString);
        var published = await Dapper.SqlMapper.QuerySingleAsync<string>(connection,
            "SELECT payload::text FROM outbox_messages WHERE message_type = @type AND payload->>'runId' = @run",
            new { type = typeof(MlOps.Contracts.PipelineRunFailed).FullName, run = run.GetProperty("id").GetString() });
        Assert.Contains("\"pipeline\":\"missing\"", published.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartRun_WhileOneIsQueued_Returns409NamingIt()
    {
        // An API-only replica: the run stays queued, so the second request meets it.
        await using var apiOnly = new IngestService(new() { ["MlOps:Ingest:RunLoads"] = "false" });
        var client = apiOnly.Client("acme");
        await RunPolling.CreateAsync(client, new
        {
            name = "twice", dataset = "lending", schedule = "0 0 1 1 *",
            source = new { type = "files", config = new { format = "csv", resource = "loans", location = new { type = "path", path = "in/none.csv" } } },
        });

        var first = await RunPolling.StartAsync(client, "twice");
        var second = await client.PostAsync("/pipelines/twice/runs", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal($"Run {first.GetProperty("id").GetString()} of 'twice' is queued; one run at a time per pipeline.",
            problem.GetProperty("detail").GetString());
    }
}
