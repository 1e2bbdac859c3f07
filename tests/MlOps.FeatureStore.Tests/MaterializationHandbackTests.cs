using System.Globalization;
using System.Net;
using Dapper;
using MlOps.Contracts;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.FeatureStore.Tests;

/// <summary>
/// Two feature-store replicas on one database (their own, on the "handback" virtual host) over the test warehouse: the one
/// materializing stops mid-view, rolls the view back and unlocks its tenant, and the other finishes the run at its next poll.
/// </summary>
[Collection(FeatureStoreCollection.Name)]
public sealed class MaterializationHandbackTests(FeatureStoreFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_ReplicaStopsMidView_HandsItBack_AndTheOtherReplicaFinishesIt()
    {
        var tenant = FeatureStoreFixture.NewTenant();
        var hourAgo = DateTime.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        var first = Replica(null);
        Guid runId;
        await using var holder = await fixture.Warehouse.OpenAdminAsync(Token);
        using (var client = first.CreateClient().Authorize(tenant))
        {
            await CustomerFeatures.DefineAsync(fixture, client, tenant, $"(1, '{hourAgo}', 2.5, 3, 'a')", ttlSeconds: 3600 * 24);
            // The feature table held by another transaction: the first replica's read of it waits, mid-view.
            await using var hold = await holder.BeginTransactionAsync(Token);
            await holder.ExecuteAsync(new CommandDefinition($"LOCK TABLE \"{WarehouseNames.Schema(tenant, "shop")}\".customer_stats IN ACCESS EXCLUSIVE MODE",
                transaction: hold, cancellationToken: Token));
            var (response, run) = await client.PostJsonAsync("/materializations", new { views = new[] { "stats" } });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            runId = run.GetProperty("id").GetGuid();
            await Eventually.WaitAsync(() => WaitersAsync(tenant), waiting => waiting > 0, "the first replica to wait on the feature table");
            await using var second = Replica(first.DatabaseName);
            second.CreateClient().Dispose();

            await first.DisposeAsync();

            await using (var db = new NpgsqlConnection(first.ConnectionString))
            {
                // Left open with nothing done (the view rolled back); the second may already be waiting on the table too.
                var stopped = await db.QuerySingleAsync<(string Status, int ViewsDone, string? Error)>(
                    "SELECT status, views_done, error FROM materialization_runs WHERE id = @runId", new { runId });
                Assert.Equal(("running", 0, (string?)null), stopped);
            }
            await hold.RollbackAsync(Token);
            using var other = second.CreateClient().Authorize(tenant);
            var finished = await Materializations.FinishedAsync(other, runId);
            var result = (await Materializations.LookupAsync(other, "churn", new { customer_id = 1 })).GetProperty("results")[0];

            Assert.Equal(("succeeded", 2, 1), (finished.GetProperty("status").GetString(), finished.GetProperty("attempts").GetInt32(),
                finished.GetProperty("viewsDone").GetInt32()));
            Assert.Equal(2.5, Materializations.Spend(result));
        }
    }

    private ServiceFactory<FeatureStoreOptions> Replica(string? databaseName) =>
        new("featurestoredb", new Dictionary<string, string>
        {
            ["ConnectionStrings:warehouse"] = fixture.Warehouse.ReadOnlyConnectionString,
            ["MlOps:FeatureStore:MaterializationInterval"] = "00:00:00",
        }, virtualHost: "handback", databaseName: databaseName)
        {
            DropDatabaseOnDispose = databaseName is not null,
        };

    private async Task<long> WaitersAsync(string tenant)
    {
        await using var admin = await fixture.Warehouse.OpenAdminAsync(Token);
        return await admin.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = @schema AND c.relname = 'customer_stats' AND NOT l.granted
            """, new { schema = WarehouseNames.Schema(tenant, "shop") }, cancellationToken: Token));
    }
}
