using System.Text.Json;
using MlOps.Contracts;
using MlOps.TestSupport;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>Quality checks named in a pipeline: a failure shows in the run and is published; a blocking one fails the load.</summary>
public sealed class QualityCheckTests : IAsyncLifetime
{
    private readonly IngestService _service = new();

    public async ValueTask InitializeAsync() =>
        await File.WriteAllTextAsync(Path.Combine(_service.FilesRootOf("acme"), "users.csv"), "id,email,plan\n1,a@x.io,free\n2,,pro\n3,c@x.io,gold\n",
            TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task Run_NonBlockingChecksFail_LoadCommitsAndEachFailureIsInTheRunAndPublished()
    {
        await using var events = await MessageCollector<DataQualityFailed>.StartAsync(TestInfrastructure.RabbitMq("ingest"));
        var client = _service.Client("acme");
        await RunPolling.CreateAsync(client, Pipeline("users", blocking: false));

        var run = await RunPolling.RunToEndAsync(client, "users");

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var results = run.GetProperty("quality").EnumerateArray()
            .Select(q => (q.GetProperty("check").GetString(), q.GetProperty("column").GetString(), q.GetProperty("passed").GetBoolean())).ToList();
        Assert.Equal([("not_null", "email", false), ("accepted_values", "plan", false), ("row_count", null, true)], results);
        var loadId = run.GetProperty("loadId").GetGuid();
        var (_, failed) = await events.WaitForAsync(e => e.LoadId == loadId && e.Check == "not_null");
        Assert.Equal(("users", "email", true), (failed.Table, failed.Column, failed.Committed));
        await events.WaitForAsync(e => e.LoadId == loadId && e.Check == "accepted_values");
    }

    [Fact]
    public async Task Run_BlockingCheckFails_RunFailsNamingTheCheckNothingIsLoadedAndTheFailureIsPublished()
    {
        await using var events = await MessageCollector<DataQualityFailed>.StartAsync(TestInfrastructure.RabbitMq("ingest"));
        var client = _service.Client("acme");
        await RunPolling.CreateAsync(client, Pipeline("strict", blocking: true));

        var run = await RunPolling.RunToEndAsync(client, "strict");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("not_null on users.email", run.GetProperty("error").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/datasets/accounts", TestContext.Current.CancellationToken)).StatusCode);
        var loadId = run.GetProperty("loadId").GetGuid();
        var (_, failed) = await events.WaitForAsync(e => e.LoadId == loadId);
        Assert.Equal(("not_null", "email", false), (failed.Check, failed.Column, failed.Committed));
    }

    private static object Pipeline(string name, bool blocking) => new
    {
        name, dataset = "accounts",
        source = new
        {
            type = "files",
            config = JsonSerializer.Deserialize<JsonElement>($$"""
                {"format": "csv", "resource": "users", "location": {"type": "path", "path": "users.csv"},
                 "quality": [
                   {"type": "not_null", "column": "email", "blocking": {{(blocking ? "true" : "false")}}},
                   {"type": "accepted_values", "column": "plan", "values": ["free", "pro"]},
                   {"type": "row_count", "min": 1, "max": 10}]}
                """),
        },
    };
}
