using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MlOps.FeatureStore.Tests;

/// <summary>
/// What only the Redis online store needs: Redis can lose what PostgreSQL's watermark says was materialized (a restart without
/// persistence, a flush), and the next run then materializes the view in full instead of trusting the watermark.
/// </summary>
[Collection(FeatureStoreCollection.Name)]
public sealed class RedisOnlineStoreTests(FeatureStoreFixture fixture)
{
    private readonly string _tenant = FeatureStoreFixture.NewTenant();

    [Fact]
    public async Task Materialize_RedisLostTheView_NextRunIsFullAndRestoresIt()
    {
        var hourAgo = DateTime.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        using var client = fixture.StoreClient("redis", _tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, $"(1, '{hourAgo}', 4.0, 4, 'd')", ttlSeconds: 3600 * 24);
        var first = await Materializations.RunAsync(client);
        var redis = fixture.RedisService.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var live = $"{fixture.RedisKeyPrefix}{{{_tenant}/stats}}";
        var stored = await redis.HashLengthAsync(live);

        // As a Redis restarted without its data: the view's hash and its mark are gone, the watermark in PostgreSQL is not.
        await redis.KeyDeleteAsync([live, live + "#mark"]);
        var lost = (await Materializations.LookupAsync(client, "churn", new { customer_id = 1 })).GetProperty("results")[0];
        var second = await Materializations.RunAsync(client);
        var restored = (await Materializations.LookupAsync(client, "churn", new { customer_id = 1 })).GetProperty("results")[0];

        Assert.Equal(1, stored);
        Assert.True(first.GetProperty("details")[0].GetProperty("full").GetBoolean());
        Assert.Equal("missing", lost.GetProperty("status").GetString());
        Assert.True(second.GetProperty("details")[0].GetProperty("full").GetBoolean());
        Assert.Equal(1L, second.GetProperty("rowsWritten").GetInt64());
        Assert.Equal(("found", 4.0), (restored.GetProperty("status").GetString(), Materializations.Spend(restored)));
    }

    [Fact]
    public async Task Materialize_Succeeded_LeavesNoStagingBehind()
    {
        var hourAgo = DateTime.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        using var client = fixture.StoreClient("redis", _tenant);
        await CustomerFeatures.DefineAsync(fixture, client, _tenant, $"(1, '{hourAgo}', 4.0, 4, 'd'), (2, '{hourAgo}', 5.0, 5, 'e')", ttlSeconds: 3600 * 24);
        await Materializations.RunAsync(client);
        await fixture.Warehouse.InDatasetAsync(_tenant, "shop",
            $"INSERT INTO customer_stats (customer_id, event_ts, spend, visits, segment) VALUES (3, '{DateTime.UtcNow.AddMinutes(-1):O}', 6.0, 6, 'f')",
            TestContext.Current.CancellationToken);
        await Materializations.RunAsync(client);
        var server = fixture.RedisService.Services.GetRequiredService<IConnectionMultiplexer>().GetServers()[0];

        var keys = server.Keys(pattern: $"{fixture.RedisKeyPrefix}{{{_tenant}/*").Select(k => k.ToString()).Order().ToArray();

        Assert.Equal([$"{fixture.RedisKeyPrefix}{{{_tenant}/stats}}", $"{fixture.RedisKeyPrefix}{{{_tenant}/stats}}#mark"], keys);
    }
}
