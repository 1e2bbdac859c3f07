using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MlOps.ServiceDefaults.Retention;
using Npgsql;

namespace MlOps.Gateway.Tests;

/// <summary>Old quota windows are pruned once a newer window of their key and kind exists and no replica's lease names them.</summary>
public sealed class QuotaRetentionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task OldWindows_SupersededAndUnleased_Pruned_CurrentLeasedAndOnlyWindowsKept()
    {
        var key = Guid.NewGuid();
        await using var db = new NpgsqlConnection(fixture.Gateway.ConnectionString);
        await db.ExecuteAsync(
            """
            INSERT INTO llm_quota_windows (key_id, kind, window_start, limit_amount) VALUES
                (@key, 'day', now() - interval '40 days', 10), (@key, 'day', now() - interval '39 days', 10), (@key, 'day', now(), 10),
                (@key, 'total', now() - interval '400 days', 10)
            """, new { key });
        await db.ExecuteAsync(
            "INSERT INTO llm_quota_leases (key_id, kind, window_start, replica_id) SELECT key_id, kind, window_start, @replica FROM llm_quota_windows " +
            "WHERE key_id = @key AND kind = 'day' AND window_start < now() - interval '39 days' + interval '1 hour' AND window_start > now() - interval '39 days' - interval '1 hour'",
            new { key, replica = Guid.NewGuid() });

        await fixture.Gateway.Services.GetRequiredService<RetentionSweeper>().SweepOnceAsync(TestContext.Current.CancellationToken);

        var left = (await db.QueryAsync<(string Kind, double DaysAgo)>(
            "SELECT kind, round(extract(epoch FROM now() - window_start) / 86400) FROM llm_quota_windows WHERE key_id = @key ORDER BY kind, window_start",
            new { key })).ToList();
        Assert.Equal([("day", 39d), ("day", 0d), ("total", 400d)], left);
    }
}
