using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Gateway.Llm.Quotas;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Gateway.Tests;

/// <summary>
/// A replica that dies holding a lease: another replica reclaims it once the lease has gone unrenewed for LeaseTtl (one
/// second here), and the budget it held serves requests again.
/// </summary>
public sealed class LlmLeaseTtlTests : IAsyncLifetime
{
    private readonly string _adminKey = "test-admin-" + Guid.NewGuid().ToString("N");
    private HoldingProvider _provider = null!;
    private GatewayFactory _gateway = null!;
    private HttpClient _client = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _provider = await HoldingProvider.StartAsync();
        (_gateway, _client) = LlmBudgetLeakTests.StartGateway(_provider, _adminKey, new() { ["MlOps:Gateway:Llm:LeaseTtl"] = "00:00:01" });
    }

    [Fact]
    public async Task LeaseOfADeadReplica_ReclaimedAfterItsTtl_TheBudgetServesAgain()
    {
        var (id, secret) = await LlmGatewayFixture.CreateVirtualKeyAsync(_gateway, _adminKey,
            new { tenantId = "lease-ttl", name = "app", cache = "off", budget = new { tokens = 1000, window = "total" } });
        _client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        // A replica that leased the whole budget and then died: it never renews, reports or hands back.
        var (start, end) = QuotaWindows.Of(QuotaWindows.Total, DateTime.UtcNow);
        var dead = Guid.NewGuid();
        var lease = await _gateway.Services.GetRequiredService<QuotaLedger>().LeaseAsync(new QuotaSpec(id, QuotaSpec.BudgetTokens, start, end, 1000), dead, 1000, Cancel);
        Assert.Equal(1000, lease.Leased);

        var whileHeld = await _client.PostAsJsonAsync("/v1/chat/completions", Chat(), Cancel);
        await LlmPolicyTests.AssertErrorAsync(whileHeld, HttpStatusCode.TooManyRequests, "budget_exceeded");
        await using var connection = new NpgsqlConnection(_gateway.ConnectionString);
        await WaitUntilAsync(async () => await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM llm_quota_leases WHERE replica_id = @dead", new { dead }) == 0, "the dead replica's lease reclaimed");
        var afterwards = await _client.PostAsJsonAsync("/v1/chat/completions", Chat(), Cancel);

        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        await _gateway.Services.GetRequiredService<QuotaFlusher>().FlushAsync(handBackAll: true, Cancel);
        var (granted, charged) = await connection.QuerySingleAsync<(long, long)>(
            "SELECT granted, charged FROM llm_quota_windows WHERE key_id = @id AND kind = 'budget_tokens'", new { id });
        Assert.Equal((charged, 5L + 2), (granted, charged));
    }

    [Fact]
    public async Task LiveReplicaTakenForDead_ItsNextReportGrantsWhatItHeldAgain_TheLedgerStaysWhole()
    {
        var (id, secret) = await LlmGatewayFixture.CreateVirtualKeyAsync(_gateway, _adminKey,
            new { tenantId = "lease-ttl-live", name = "app", cache = "off", budget = new { tokens = 10_000, window = "total" } });
        _client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        var held = _client.PostAsJsonAsync("/v1/chat/completions", Chat("hold"), Cancel);
        await LlmBudgetLeakTests.WaitUntilAsync(() => _provider.Held == 1, "the request held at the provider");

        // Another replica that has not heard from this one for longer than its time-to-live (zero here) reclaims its lease.
        var services = _gateway.Services;
        var other = new QuotaLedger(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), services.GetRequiredService<MlOps.ServiceDefaults.Messaging.OutboxWriter>());
        // The held request's lease is written as it starts; reclaim once it is there (a first look may come before).
        await WaitUntilAsync(async () => await other.RenewAndReclaimAsync(TimeSpan.Zero, Cancel) == 1, "the held request's lease to be reclaimed");
        _provider.Release();

        Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
        var rows = await LlmBudgetLeakTests.UsageRowsAsync(_gateway, id, 1);
        await _gateway.Services.GetRequiredService<QuotaFlusher>().FlushAsync(handBackAll: true, Cancel);
        await using var connection = new NpgsqlConnection(_gateway.ConnectionString);
        var (granted, charged) = await connection.QuerySingleAsync<(long, long)>(
            "SELECT granted, charged FROM llm_quota_windows WHERE key_id = @id AND kind = 'budget_tokens'", new { id });
        Assert.Equal((7L, 7L), (granted, charged));
        Assert.Equal(7, rows[0].InputTokens + rows[0].OutputTokens);
    }

    private static object Chat(string prompt = "anything left?") => new { model = "dev-chat", messages = new[] { new { role = "user", content = prompt } }, max_tokens = 20 };


    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.WaitAsync(condition, done => done, what, TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
