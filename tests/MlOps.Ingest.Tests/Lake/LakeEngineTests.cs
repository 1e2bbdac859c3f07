using Microsoft.Extensions.Logging.Abstractions;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;
using MlOps.Ingest.Tests.Warehouse;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Lake;

public sealed class LakeEngineTests(LakeFolder lake) : IClassFixture<LakeFolder>
{
    private static readonly ResourceHints Items = new() { Name = "items" };

    private LoadEngine Engine() => new(lake.Lake(), new TabularTestNormalizer.Factory(), NullLogger<LoadEngine>.Instance);

    [Fact]
    public async Task Run_SourceFailsThenResumes_StateFromLastCommittedManifest()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var destination = LakeFolder.Parquet("resume");
        var job = Job("acme", "resume") with { Destination = destination };
        await Engine().RunAsync(job, new ScriptedSource(Items, [[1, 2]]), cancellationToken);
        var failing = new ScriptedSource(Items, [[3, 4], [5, 6]], new SourceException("page 3: HTTP 500"));

        await Assert.ThrowsAsync<LoadFailedException>(() =>
            Engine().RunAsync(Job("acme", "resume") with { Destination = destination }, failing, cancellationToken));
        var next = new ScriptedSource(Items, [[3]]);
        await Engine().RunAsync(Job("acme", "resume") with { Destination = destination }, next, cancellationToken);

        Assert.Equal("{\"cursor\":2}", next.Context!.State["items"].GetRawText());
        var state = await lake.Lake().ReadStateAsync(destination, "acme", "resume", "p1", cancellationToken);
        Assert.Equal("{\"cursor\":3}", state["items"].GetRawText());
        Assert.Empty(await lake.Lake().ReadStateAsync(destination, "acme", "resume", "other", cancellationToken));
        var files = await lake.Lake().ListTableFilesAsync(destination, "acme", "resume", "items", cancellationToken);
        Assert.Equal([[1L], [2L], [3L]], LakeFolder.Query($"SELECT id FROM {LakeFolder.ReadParquet(files)} ORDER BY id"));
        var schema = await lake.Lake().ReadSchemaAsync(destination, "acme", "resume", cancellationToken);
        Assert.Equal(["id", "_dlt_load_id", "_dlt_id"], schema!.Tables["items"].Columns.Select(c => c.Name));
        Assert.Equal(1, schema.Version);
    }

    [Fact]
    public async Task Run_SameLoadIdTwice_SecondWritesNothingAndReportsWhatTheFirstWrote()
    {
        var job = Job("acme", "idempotent") with { Destination = LakeFolder.Parquet("idempotent") };

        var first = await Engine().RunAsync(job, new ScriptedSource(Items, [[1, 2]]), TestContext.Current.CancellationToken);
        var second = await Engine().RunAsync(job, new ScriptedSource(Items, [[1, 2]]), TestContext.Current.CancellationToken);

        Assert.Equal([new TableLoadResult("items", 2, 0, 0)], first.Tables);
        Assert.Equal([new TableLoadResult("items", 2, 0, 0)], second.Tables);
        Assert.Equal(first.SchemaHash, second.SchemaHash);
        Assert.Equal([$"_manifests/{job.LoadId}.json", $"items/{job.LoadId}.0.parquet"], lake.Files("acme", "idempotent", "acme__idempotent"));
    }

    [Fact]
    public async Task Commit_RowCountAndQuarantine_ResultsAndQuarantineFile()
    {
        var job = Job("acme", "quality") with { Destination = LakeFolder.Parquet("quality") };
        var items = Root("items", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));
        var batch = Batch("items", new TableRows(items, [[1L, "L", "a"], [2L, "L", "b"]])) with
        {
            Quarantined = [new("items", "row 3", "id: not a bigint", null, "{\"id\":\"x\"}"), new("items", "row 4", "bad", "id", "y")],
        };
        var checks = new Dictionary<string, IReadOnlyList<QualityCheck>>
        {
            ["items"] = [new QualityCheck { Type = "row_count", Min = 1, Max = 2 }, new QualityCheck { Type = "row_count", Min = 3 }],
        };

        var outcome = await LoadAsync(lake.Lake(), job, [batch], checks);

        Assert.Equal([new TableLoadResult("items", 2, 1, 1)], outcome.Tables);
        Assert.Equal(
            [new QualityResult("items", "row_count", null, true, "2 rows in this load"),
                new QualityResult("items", "row_count", null, false, "2 rows in this load")],
            outcome.Quality);
        var file = Path.Combine(lake.Root, "acme", "quality", "acme__quality", "_quarantine", $"{job.LoadId}.parquet");
        Assert.Equal(
            [
                [job.LoadId.ToString(), "items", "row 3", "id: not a bigint", null, "{\"id\":\"x\"}"],
                [job.LoadId.ToString(), "items", "row 4", "bad", "id", "y"],
            ],
            LakeFolder.Query($"SELECT _dlt_load_id, table_name, position, reason, column_name, raw FROM '{file}' ORDER BY position"));
        var manifest = lake.Manifest("acme", "quality", "acme__quality", job.LoadId);
        Assert.Equal($$"""{"path":"_quarantine/{{job.LoadId}}.parquet","rows":2}""", manifest.GetProperty("quarantine").GetRawText());
    }

    [Fact]
    public async Task Commit_BlockingRowCountFails_LoadFailsAndNothingVisible()
    {
        var job = Job("acme", "blocking") with { Destination = LakeFolder.Parquet("blocking") };
        var items = Root("items", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));
        var checks = new Dictionary<string, IReadOnlyList<QualityCheck>>
        {
            ["items"] = [new QualityCheck { Type = "row_count", Min = 5, Blocking = true }],
        };

        var error = await Assert.ThrowsAsync<LoadFailedException>(() =>
            LoadAsync(lake.Lake(), job, [Batch("items", new TableRows(items, [[1L, "L", "a"]]))], checks));

        Assert.Equal("blocking quality check row_count on items failed: 1 rows in this load", error.Message);
        Assert.Empty(lake.Files("acme", "blocking", "acme__blocking"));
    }
}
