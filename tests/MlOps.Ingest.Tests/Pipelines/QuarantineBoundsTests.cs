using System.Text;
using Dapper;
using Npgsql;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>A file that does not match its config fails the load instead of filling the quarantine; long raw records are cut, saying so.</summary>
public sealed class QuarantineBoundsTests : IAsyncLifetime
{
    private readonly IngestService _service = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task Run_MoreBadLinesThanTheQuarantineTakes_FailsNamingTheLimitAndTheLastPosition()
    {
        var csv = new StringBuilder("a,b\n");
        for (var i = 0; i < 100_001; i++)
        {
            csv.Append("1,2,3\n");
        }
        await File.WriteAllTextAsync(Path.Combine(_service.FilesRootOf("acme"), "bad.csv"), csv.ToString(), TestContext.Current.CancellationToken);
        var client = _service.Client("acme");
        await RunPolling.CreateAsync(client, Pipeline("bad", "bad.csv"));

        var run = await RunPolling.RunToEndAsync(client, "bad");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.StartsWith("more than 100000 records were quarantined in this load (the last at bad.csv line ", run.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Run_ABadLineLongerThanTheRawBound_IsQuarantinedCutWithItsLength()
    {
        var longCell = new string('x', 70_000);
        await File.WriteAllTextAsync(Path.Combine(_service.FilesRootOf("acme"), "long.csv"), $"a,b\n1,2\n{longCell},2,3\n", TestContext.Current.CancellationToken);
        var client = _service.Client("acme");
        await RunPolling.CreateAsync(client, Pipeline("long", "long.csv"));

        var run = await RunPolling.RunToEndAsync(client, "long");

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        await using var warehouse = NpgsqlDataSource.Create(_service.Factory.ConnectionString);
        await using var connection = await warehouse.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var raw = await connection.ExecuteScalarAsync<string>("SELECT raw FROM acme__files._mlops_quarantine");
        Assert.Equal(64 * 1024 + "… (cut: 70004 characters in all)".Length, raw!.Length);
        Assert.EndsWith("… (cut: 70004 characters in all)", raw);
    }

    private static object Pipeline(string name, string path) => new
    {
        name, dataset = "files",
        source = new { type = "files", config = new { format = "csv", resource = name, location = new { type = "path", path } } },
    };
}
