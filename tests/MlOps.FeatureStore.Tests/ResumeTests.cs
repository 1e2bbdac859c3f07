using System.Globalization;
using Dapper;
using MlOps.Contracts;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.FeatureStore.Tests;

/// <summary>
/// A run a dead replica left 'running' (its connection, and so its tenant lock, gone) after finishing one of two views is
/// taken up again: the finished view is not redone, the other one is, and the run succeeds on its second attempt.
/// </summary>
[Collection(FeatureStoreCollection.Name)]
public sealed class ResumeTests(FeatureStoreFixture fixture)
{
    private readonly string _tenant = FeatureStoreFixture.NewTenant();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(FeatureStoreFixture.Stores), MemberType = typeof(FeatureStoreFixture))]
    public async Task AbandonedRun_IsResumed_WithoutRedoingTheViewsItFinished(string store)
    {
        var hourAgo = DateTime.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        using var client = fixture.StoreClient(store, _tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, $"(1, '{hourAgo}', 1.0, 1, 'a')", ttlSeconds: 3600 * 24);
        await fixture.Warehouse.InDatasetAsync(_tenant, "shop", $"CREATE TABLE profiles (customer_id bigint, updated_at timestamptz, tier text); " +
            $"INSERT INTO profiles VALUES (1, '{hourAgo}', 'gold')", Token);
        await client.PutJsonAsync("/feature-views/profile", new
        {
            dataset = "shop", table = "profiles", entities = new[] { "customer" }, timestampColumn = "updated_at", ttlSeconds = 3600 * 24,
            features = new[] { new { name = "tier", type = "string" } },
        });
        await client.PutJsonAsync("/feature-services/both", new { features = new object[] { new { view = "stats" }, new { view = "profile" } } });
        var abandoned = Guid.CreateVersion7();
        await using (var db = new NpgsqlConnection(fixture.ServiceFor(store).ConnectionString))
        {
            // As a worker that finished 'profile' and died: running, one attempt, profile in its details (and not materialized here,
            // so a redo would show in the online store).
            await db.ExecuteAsync("""
                INSERT INTO materialization_runs (id, tenant_id, trigger, status, views_done, attempts, details, started_at)
                VALUES (@abandoned, @tenant, 'api', 'running', 1, 1, '[{"view": "profile"}]', now())
                """, new { abandoned, tenant = _tenant });
        }

        var resumed = await Materializations.FinishedAsync(client, abandoned);
        var result = (await Materializations.LookupAsync(client, "both", new { customer_id = 1 })).GetProperty("results")[0];

        Assert.Equal(("succeeded", 2, 2), (resumed.GetProperty("status").GetString(), resumed.GetProperty("attempts").GetInt32(),
            resumed.GetProperty("viewsDone").GetInt32()));
        Assert.Equal(1.0, Materializations.Spend(result));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("values").GetProperty("profile__tier").ValueKind);
        Assert.Equal("partial", result.GetProperty("status").GetString());
    }
}
