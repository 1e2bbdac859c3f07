using System.Globalization;
using System.Text.Json;
using MassTransit;
using MlOps.Contracts;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.FeatureStore.Tests;

/// <summary>
/// Materialization into the online store: the latest value per entity, incremental by event time, a failed view left as it
/// was and taken up by the next run, triggered by ingest's DatasetLoaded, one run per tenant at a time.
/// </summary>
[Collection(FeatureStoreCollection.Name)]
public sealed class MaterializationTests(FeatureStoreFixture fixture)
{
    // Whole seconds from one reading of the clock (two readings could straddle a second and leave 0.9999999 s, which
    // PostgreSQL's microseconds round up).
    private static readonly DateTime Now = new(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    private readonly string _tenant = FeatureStoreFixture.NewTenant();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string At(double hours) => Now.AddHours(hours).ToString("O", CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(FeatureStoreFixture.Stores), MemberType = typeof(FeatureStoreFixture))]
    public async Task Materialize_Twice_SecondRunReadsOnlyRowsAfterTheWatermark(string store)
    {
        using var client = fixture.StoreClient(store, _tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant,
            $"(1, '{At(-3)}', 1.0, 1, 'a'), (1, '{At(-2)}', 2.0, 2, 'b'), (2, '{At(-1)}', 5.0, 5, 'e'), (1, '{At(1)}', 99.0, 9, 'future')",
            ttlSeconds: 30 * 24 * 3600);

        var first = await Materializations.RunAsync(client);
        var afterFirst = await Materializations.LookupAsync(client, "churn", new { customer_id = 1 }, new { customer_id = 2 }, new { customer_id = 3 });
        await fixture.Warehouse.InDatasetAsync(_tenant, "shop", $"""
            INSERT INTO customer_stats (customer_id, event_ts, spend, visits, segment)
            VALUES (2, '{At(-0.5)}', 6.0, 6, 'f'), (3, '{At(-0.25)}', 7.0, 7, 'g'), (1, '{At(-5)}', 100.0, 100, 'late')
            """, Token);
        var second = await Materializations.RunAsync(client);
        var afterSecond = await Materializations.LookupAsync(client, "churn", new { customer_id = 1 }, new { customer_id = 2 }, new { customer_id = 3 });

        Assert.Equal(("succeeded", 2L, 2L), Outcome(first));
        Assert.True(first.GetProperty("details")[0].GetProperty("full").GetBoolean());
        Assert.Equal<double?[]>([2.0, 5.0, null], Spends(afterFirst));
        Assert.Equal(["found", "found", "missing"], afterFirst.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(Now.AddHours(-2), afterFirst.GetProperty("results")[0].GetProperty("freshness").GetProperty("stats").GetProperty("eventTime").GetDateTime().ToUniversalTime());
        // Only the two rows after the watermark (the latest event time read, 1 h ago) are read; the late 5 h old row is not.
        Assert.Equal(("succeeded", 2L, 2L), Outcome(second));
        Assert.False(second.GetProperty("details")[0].GetProperty("full").GetBoolean());
        Assert.Equal<double?[]>([2.0, 6.0, 7.0], Spends(afterSecond));
    }

    [Theory]
    [MemberData(nameof(FeatureStoreFixture.Stores), MemberType = typeof(FeatureStoreFixture))]
    public async Task Materialize_ViewFails_LeavesItAsItWasAndTheNextRunCatchesUp(string store)
    {
        using var client = fixture.StoreClient(store, _tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, $"(1, '{At(-3)}', 1.0, 1, 'a')", ttlSeconds: 30 * 24 * 3600);
        await fixture.Warehouse.InDatasetAsync(_tenant, "shop", $"""
            CREATE TABLE profiles (customer_id bigint, updated_at timestamptz, tier text);
            INSERT INTO profiles VALUES (1, '{At(-3)}', 'bronze')
            """, Token);
        await client.PutJsonAsync("/feature-views/profile", new
        {
            dataset = "shop", table = "profiles", entities = new[] { "customer" }, timestampColumn = "updated_at", ttlSeconds = 30 * 24 * 3600,
            features = new[] { new { name = "tier", type = "string" } },
        });
        await client.PutJsonAsync("/feature-services/both", new { features = new object[] { new { view = "stats" }, new { view = "profile" } } });
        Assert.Equal("succeeded", (await Materializations.RunAsync(client)).GetProperty("status").GetString());
        var tenantRole = await fixture.Warehouse.TenantRoleAsync(_tenant, Token);
        await using (var loader = await fixture.Warehouse.OpenLoaderAsync(Token))
        {
            await ReadOnlyWarehouse.ExecuteAsync(loader, $"""
                SET search_path TO "{WarehouseNames.Schema(_tenant, "shop")}";
                INSERT INTO customer_stats (customer_id, event_ts, spend, visits, segment) VALUES (1, '{At(-1)}', 2.0, 2, 'b');
                INSERT INTO profiles VALUES (1, '{At(-1)}', 'gold');
                REVOKE SELECT ON profiles FROM "{tenantRole}";
                """, Token);
        }

        var failed = await Materializations.RunAsync(client);
        var afterFailure = (await Materializations.LookupAsync(client, "both", new { customer_id = 1 })).GetProperty("results")[0];
        await fixture.Warehouse.InDatasetAsync(_tenant, "shop", $"GRANT SELECT ON profiles TO \"{tenantRole}\"", Token);
        var retried = await Materializations.RunAsync(client);
        var afterRetry = (await Materializations.LookupAsync(client, "both", new { customer_id = 1 })).GetProperty("results")[0];

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("Feature view 'profile':", failed.GetProperty("error").GetString());
        Assert.Equal((2.0, "bronze"), (Materializations.Spend(afterFailure), afterFailure.GetProperty("values").GetProperty("profile__tier").GetString()));
        Assert.Equal("succeeded", retried.GetProperty("status").GetString());
        Assert.Equal((2.0, "gold"), (Materializations.Spend(afterRetry), afterRetry.GetProperty("values").GetProperty("profile__tier").GetString()));
    }

    [Theory]
    [MemberData(nameof(FeatureStoreFixture.Stores), MemberType = typeof(FeatureStoreFixture))]
    public async Task DatasetLoaded_ForATableAViewReads_MaterializesThatView(string store)
    {
        using var client = fixture.StoreClient(store, _tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, $"(7, '{At(-1)}', 70.0, 7, 'x')", ttlSeconds: 30 * 24 * 3600);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(TestInfrastructure.RabbitMq(FeatureStoreFixture.VirtualHostFor(store))));
        await bus.StartAsync(Token);
        try
        {
            await bus.Publish(new DatasetLoaded
            {
                TenantId = _tenant, Pipeline = "p", Dataset = "shop", Table = "customer_stats", LoadId = Guid.CreateVersion7(), Rows = 1, SchemaHash = "h",
            }, Token);
        }
        finally
        {
            await bus.StopAsync(Token);
        }

        var runs = await Eventually.WaitAsync(async () => (await client.GetJsonAsync("/materializations")).Body,
            list => list.EnumerateArray().Any(r => r.GetProperty("status").GetString() == "succeeded"), "the DatasetLoaded run to finish");
        var lookup = await Materializations.LookupAsync(client, "churn", new { customer_id = 7 });

        Assert.Equal("dataset_loaded", runs[0].GetProperty("trigger").GetString());
        Assert.Equal(["stats"], runs[0].GetProperty("views").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(70.0, Materializations.Spend(lookup.GetProperty("results")[0]));
    }

    [Theory]
    [MemberData(nameof(FeatureStoreFixture.Stores), MemberType = typeof(FeatureStoreFixture))]
    public async Task Materialize_TenantLockedByAnotherReplica_WaitsUntilItIsReleased(string store)
    {
        using var client = fixture.StoreClient(store, _tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, $"(1, '{At(-1)}', 1.0, 1, 'a')", ttlSeconds: 3600 * 24);
        var other = FeatureStoreFixture.NewTenant();
        using var otherClient = fixture.StoreClient(store, other);
        await CustomerFeatures.DefineAsync(fixture, otherClient, other, $"(1, '{At(-1)}', 1.0, 1, 'a')", ttlSeconds: 3600 * 24);
        await using var replica = new NpgsqlConnection(fixture.ServiceFor(store).ConnectionString);
        await replica.OpenAsync(Token);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock(hashtextextended('materialize:{_tenant}', 0))", replica))
        {
            await take.ExecuteNonQueryAsync(Token);
        }

        var (_, blocked) = await client.PostJsonAsync("/materializations", new { });
        // Queued after the blocked one, so the worker has passed over it by the time this one finishes.
        var unblocked = await Materializations.RunAsync(otherClient);
        var stillWaiting = (await client.GetJsonAsync($"/materializations/{blocked.GetProperty("id").GetGuid()}")).Body;
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock(hashtextextended('materialize:{_tenant}', 0))", replica))
        {
            await release.ExecuteNonQueryAsync(Token);
        }
        var finished = await Materializations.FinishedAsync(client, blocked.GetProperty("id").GetGuid());

        Assert.Equal("succeeded", unblocked.GetProperty("status").GetString());
        Assert.Equal("queued", stillWaiting.GetProperty("status").GetString());
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
    }

    private static (string?, long, long) Outcome(JsonElement run) =>
        (run.GetProperty("status").GetString(), run.GetProperty("rowsRead").GetInt64(), run.GetProperty("rowsWritten").GetInt64());

    private static double?[] Spends(JsonElement lookup) => [.. lookup.GetProperty("results").EnumerateArray().Select(Materializations.Spend)];
}
