using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Drift.Monitoring;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Drift.Tests;

/// <summary>
/// Two drift replicas on one database (their own "handback" virtual host): the one evaluating a window stops mid-evaluation
/// and hands the window back, and the other evaluates it at its next sweep instead of after the 5-minute lease.
/// </summary>
public sealed class WindowHandbackTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Window_ReplicaStopsMidEvaluation_HandsItBack_AndTheOtherReplicaEvaluatesIt()
    {
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Replica(null, new StubRegistry(asked));
        first.CreateClient().Dispose();
        var windowId = Guid.CreateVersion7();
        await using (var db = new NpgsqlConnection(first.ConnectionString))
        {
            await db.ExecuteAsync(
                """
                INSERT INTO monitor_windows (id, tenant_id, model_name, version, state, row_count, closed_at)
                VALUES (@windowId, 'handback', 'credit-default', 1, 'closed', 500, now())
                """, new { windowId });
        }
        // The first replica claimed the window and is asking the registry for its reference profile, which never answers.
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        var held = await LeaseAsync(first.ConnectionString, windowId);
        Assert.NotNull(held.Owner);
        await using var second = Replica(first.DatabaseName, new StubRegistry(null));
        second.CreateClient().Dispose();

        await first.DisposeAsync();

        // No longer the first's: handed back (and perhaps already claimed by the second, whose lease would be 5 minutes too).
        Assert.NotEqual(held.Owner, (await LeaseAsync(first.ConnectionString, windowId)).Owner);
        // The second replica's registry has no profile for the version: evaluated, the window fails saying so.
        var finished = await Eventually.WaitAsync(() => StateAsync(first.ConnectionString, windowId), w => w.State != "closed",
            "the second replica to take the window over", TimeSpan.FromSeconds(30));
        Assert.Equal(("failed", "the registry has no reference profile for this version"), finished);
    }

    private static ServiceFactory<MlOps.Drift.Model.DriftReportResponse> Replica(string? databaseName, StubRegistry registry) =>
        new("driftdb", new Dictionary<string, string>
        {
            ["MlOps:Drift:RegistryUrl"] = "http://localhost",
            ["MlOps:Drift:SweepInterval"] = "00:00:00.200",
        }, virtualHost: "handback", services: services =>
            services.AddHttpClient<RegistryReferences>().ConfigurePrimaryHttpMessageHandler(() => registry), databaseName: databaseName)
        {
            DropDatabaseOnDispose = databaseName is not null,
        };

    private static async Task<(string State, string? Owner, DateTime? Until)> LeaseAsync(string connectionString, Guid windowId)
    {
        await using var db = new NpgsqlConnection(connectionString);
        return await db.QuerySingleAsync<(string, string?, DateTime?)>(
            "SELECT state, lease_owner, lease_until FROM monitor_windows WHERE id = @windowId", new { windowId });
    }

    private static async Task<(string State, string? Error)> StateAsync(string connectionString, Guid windowId)
    {
        await using var db = new NpgsqlConnection(connectionString);
        return await db.QuerySingleAsync<(string, string?)>("SELECT state, error FROM monitor_windows WHERE id = @windowId", new { windowId });
    }

    /// <summary>A registry that knows no version; with a signal, it reports each request and then never answers it.</summary>
    private sealed class StubRegistry(TaskCompletionSource? asked) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (asked is not null)
            {
                asked.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }
    }
}
