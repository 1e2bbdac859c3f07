using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Sources;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

public sealed class LoadEngineTests(WarehouseDatabase db) : IClassFixture<WarehouseDatabase>
{
    private static readonly ResourceHints Items = new() { Name = "items" };

    private LoadEngine Engine() => new(db.Warehouse, new TabularTestNormalizer.Factory(), NullLogger<LoadEngine>.Instance);

    [Fact]
    public async Task Run_SourceFailsAfterTwoBatches_NothingVisibleAndNextRunResumesFromLastCommittedState()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await Engine().RunAsync(Job("acme", "resume"), new ScriptedSource(Items, [[1, 2]]), cancellationToken);

        var failing = new ScriptedSource(Items, [[3, 4], [5, 6]], new SourceException("page 3: HTTP 500"));
        var error = await Assert.ThrowsAsync<LoadFailedException>(() => Engine().RunAsync(Job("acme", "resume"), failing, cancellationToken));

        Assert.Equal("the source failed after 4 rows: page 3: HTTP 500", error.Message);
        Assert.Equal([[1L], [2L]], await db.QueryAsync("SELECT id FROM acme__resume.items ORDER BY id"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM acme__resume._dlt_loads"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM acme__resume._dlt_pipeline_state"));
        var next = new ScriptedSource(Items, [[3]]);
        await Engine().RunAsync(Job("acme", "resume"), next, cancellationToken);
        Assert.Equal("{\"cursor\": 2}", next.Context!.State["items"].GetRawText());
        var state = await db.Warehouse.ReadStateAsync(new DestinationSpec(), "acme", "resume", "p1", cancellationToken);
        Assert.Equal("{\"cursor\": 3}", state["items"].GetRawText());
    }

    [Fact]
    public async Task Run_SameLoadIdTwice_RowsAndLoadWrittenOnce_AndTheRetryReportsWhatTheFirstWrote()
    {
        var job = Job("acme", "idempotent");

        var first = await Engine().RunAsync(job, new ScriptedSource(Items, [[1, 2]]), TestContext.Current.CancellationToken);
        var second = await Engine().RunAsync(job, new ScriptedSource(Items, [[1, 2]]), TestContext.Current.CancellationToken);

        Assert.Equal([new TableLoadResult("items", 2, 0, 0)], first.Tables);
        Assert.Equal([new TableLoadResult("items", 2, 0, 0)], second.Tables);
        Assert.Equal(first.SchemaHash, second.SchemaHash);
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM acme__idempotent.items"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM acme__idempotent._dlt_loads"));
    }

    [Fact]
    public async Task Run_CancelledMidLoad_RolledBack()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var source = new ScriptedSource(Items, [[1], [2], [3]]) { AfterEachBatch = cancellation.Cancel };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine().RunAsync(Job("acme", "cancel"), source, cancellation.Token));

        Assert.False(await db.ExistsAsync("acme__cancel.items"));
    }

    [Fact]
    public async Task Run_Progress_ReportedPerBatchAndSchemaStored()
    {
        var reports = new List<LoadProgress>();
        var job = Job("acme", "progress") with { Progress = new SyncProgress(reports) };

        var outcome = await Engine().RunAsync(job, new ScriptedSource(Items, [[1, 2], [3]]), TestContext.Current.CancellationToken);

        Assert.Equal([new LoadProgress(2, 16), new LoadProgress(3, 24)], reports);
        Assert.Equal(24, outcome.Bytes);
        var schema = await db.Warehouse.ReadSchemaAsync(new DestinationSpec(), "acme", "progress", TestContext.Current.CancellationToken);
        Assert.Equal(["id", "_dlt_load_id", "_dlt_id"], schema!.Tables["items"].Columns.Select(c => c.Name));
        Assert.Equal(1, schema.Version);
    }

    [Fact]
    public async Task Run_UndeclaredResource_FailsNamingIt()
    {
        var source = new ScriptedSource(new ResourceHints { Name = "ghosts" }, [[1]]);
        var engine = Engine();

        var error = await Assert.ThrowsAsync<LoadFailedException>(() =>
            engine.RunAsync(Job("acme", "ghost"), new MismatchedSource(source), TestContext.Current.CancellationToken));

        Assert.Equal("the source yielded resource ghosts, which it does not declare", error.Message);
    }

    private sealed class SyncProgress(List<LoadProgress> reports) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => reports.Add(value);
    }

    private sealed class MismatchedSource(IPipelineSource inner) : IPipelineSource
    {
        public IReadOnlyList<ResourceHints> Resources { get; } = [new ResourceHints { Name = "items" }];

        public IAsyncEnumerable<SourceBatch> ReadAsync(SourceReadContext context, CancellationToken cancellationToken) =>
            inner.ReadAsync(context, cancellationToken);
    }
}
