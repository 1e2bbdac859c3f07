using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Gateway.Llm.Quotas;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Gateway.Tests;

/// <summary>
/// Callers that leave: streams dropped mid-way and requests dropped before their answer, over real sockets. Nothing
/// reserved for them stays reserved, each leaves its usage row, and the charges equal the rows: what the provider
/// produced before the caller left (its tokens and the prompt's) is charged, as providers bill it.
/// </summary>
public sealed class LlmBudgetLeakTests : IAsyncLifetime
{
    private const string Prompt = "Tell me a long story";
    private readonly string _adminKey = "test-admin-" + Guid.NewGuid().ToString("N");
    private HoldingProvider _provider = null!;
    private GatewayFactory _gateway = null!;
    private HttpClient _overSockets = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _provider = await HoldingProvider.StartAsync();
        (_gateway, _overSockets) = StartGateway(_provider, _adminKey);
    }

    /// <summary>A gateway over real sockets in front of the provider (a caller that leaves closes a real connection).</summary>
    internal static (GatewayFactory Gateway, HttpClient Client) StartGateway(HoldingProvider provider, string adminKey, Dictionary<string, string>? extra = null)
    {
        var settings = LlmGatewayFixture.Settings(provider.Address);
        foreach (var (name, value) in extra ?? [])
        {
            settings[name] = value;
        }
        var gateway = new GatewayFactory(provider.Address, adminKey, settings: settings);
        gateway.UseKestrel(0);
        gateway.StartServer();
        var address = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (gateway, new HttpClient { BaseAddress = new Uri(address) });
    }

    [Fact]
    public async Task HundredStreamsAbortedMidWay_NothingLeftReserved_ChargesEqualUsageRows()
    {
        var (id, secret) = await BudgetKeyAsync("leak-streams");

        var streams = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => OpenStreamAsync(secret)));
        await WaitUntilAsync(() => _provider.Streaming == 100, "100 streams under way at the provider");
        foreach (var (response, reader) in streams)
        {
            reader.Dispose();
            response.Dispose();
        }

        await WaitUntilAsync(() => _provider.Abandoned == 100, "the gateway let go of the 100 provider streams");
        var rows = await UsageRowsAsync(_gateway, id, 100);
        var output = new TokenCounter().Count("dev-chat", string.Concat(HoldingProvider.StreamedWords));
        var input = LlmQuotaTests.EstimatedInput(Prompt);
        Assert.All(rows, row => Assert.Equal(("client_aborted", input, output, 2L * input + 8L * output), (row.Outcome, row.InputTokens, row.OutputTokens, row.CostMicros)));
        await AssertNothingReservedAsync(_gateway, id, rows);
    }

    [Fact]
    public async Task RequestsAbortedBeforeTheAnswer_NothingLeftReserved_TheirPromptCharged()
    {
        var (id, secret) = await BudgetKeyAsync("leak-requests");
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var requests = Enumerable.Range(0, 10).Select(_ => SendAsync(secret, "hold", leaving.Token)).ToList();
        await WaitUntilAsync(() => _provider.Held == 10, "10 requests held at the provider");
        await leaving.CancelAsync();

        foreach (var request in requests)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        }
        var rows = await UsageRowsAsync(_gateway, id, 10);
        var input = LlmQuotaTests.EstimatedInput("hold");
        Assert.All(rows, row => Assert.Equal(("client_aborted", input, 0, 2L * input), (row.Outcome, row.InputTokens, row.OutputTokens, row.CostMicros)));
        await AssertNothingReservedAsync(_gateway, id, rows);
    }

    [Fact]
    public async Task UsageQueueFull_RequestShedWith503AndRetryAfter_AdmittedAgainOnceRowsAreWritten()
    {
        await using var provider = await HoldingProvider.StartAsync();
        var (gateway, client) = StartGateway(provider, _adminKey, new() { ["MlOps:Gateway:Llm:UsageQueueCapacity"] = "2" });
        await using var _ = gateway;
        using var __ = client;
        var (id, secret) = await LlmGatewayFixture.CreateVirtualKeyAsync(gateway, _adminKey, new { tenantId = "usage-queue", name = "app", cache = "off" });

        // Two requests in flight hold the two rows the queue has room for.
        var held = new[] { SendAsync(client, secret, "hold", Cancel), SendAsync(client, secret, "hold", Cancel) };
        await WaitUntilAsync(() => provider.Held == 2, "2 requests held at the provider");
        var shed = await SendAsync(client, secret, "one more", Cancel);

        await LlmPolicyTests.AssertErrorAsync(shed, HttpStatusCode.ServiceUnavailable, "overloaded");
        Assert.Equal(TimeSpan.FromSeconds(1), shed.Headers.RetryAfter?.Delta);
        provider.Release();
        Assert.All(await Task.WhenAll(held), response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        await UsageRowsAsync(gateway, id, 2);
        await WaitUntilAsync(() => gateway.Services.GetRequiredService<UsageRecorder>().Pending == 0, "the written rows give their slots back");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, secret, "one more", Cancel)).StatusCode);
    }

    private Task<(Guid Id, string Secret)> BudgetKeyAsync(string tenant) => LlmGatewayFixture.CreateVirtualKeyAsync(_gateway, _adminKey,
        new { tenantId = tenant, name = "app", cache = "off", budget = new { tokens = 1_000_000, cost = 100, window = "day" }, tpm = 1_000_000 });

    // Opens a stream and reads its first event: the caller is then mid-stream.
    private async Task<(HttpResponseMessage Response, StreamReader Reader)> OpenStreamAsync(string secret)
    {
        using var request = Request(secret, Prompt, stream: true);
        var response = await _overSockets.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancel));
        Assert.StartsWith("data: {", await reader.ReadLineAsync(Cancel));
        return (response, reader);
    }

    private Task<HttpResponseMessage> SendAsync(string secret, string prompt, CancellationToken cancellationToken) =>
        SendAsync(_overSockets, secret, prompt, cancellationToken);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string secret, string prompt, CancellationToken cancellationToken)
    {
        using var request = Request(secret, prompt, stream: false);
        return await client.SendAsync(request, cancellationToken);
    }

    private static HttpRequestMessage Request(string secret, string prompt, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "dev-chat", messages = new[] { new { role = "user", content = prompt } }, max_tokens = 50, stream }),
        };
        request.Headers.Authorization = new("Bearer", secret);
        return request;
    }

    /// <summary>
    /// No reservation left in the replica's leases; once flushed, the ledger's windows grant exactly what they charged
    /// (nothing held back for requests long gone), no lease rows remain, and the charges equal the usage rows.
    /// </summary>
    internal static async Task AssertNothingReservedAsync(GatewayFactory gateway, Guid keyId, IReadOnlyList<LlmPolicyTests.UsageRow> rows)
    {
        Assert.All(gateway.Services.GetRequiredService<QuotaBook>().Leases.Where(l => l.Spec.KeyId == keyId), lease => Assert.Equal(0, lease.Reserved));
        await gateway.Services.GetRequiredService<QuotaFlusher>().FlushAsync(handBackAll: true, Cancel);
        await using var connection = new NpgsqlConnection(gateway.ConnectionString);
        // Summed over windows: per-minute ones may be two when the requests span a minute's end.
        var windows = (await connection.QueryAsync<(string Kind, long Granted, long Charged)>(
            "SELECT kind, sum(granted)::bigint, sum(charged)::bigint FROM llm_quota_windows WHERE key_id = @keyId GROUP BY kind", new { keyId })).ToDictionary(w => w.Kind);
        var tokens = rows.Sum(r => (long)r.InputTokens + r.OutputTokens);
        var cost = rows.Sum(r => r.CostMicros);
        Assert.Equal((tokens, tokens), (windows[QuotaSpec.BudgetTokens].Granted, windows[QuotaSpec.BudgetTokens].Charged));
        Assert.Equal((cost, cost), (windows[QuotaSpec.BudgetCost].Granted, windows[QuotaSpec.BudgetCost].Charged));
        Assert.Equal((tokens, tokens), (windows[QuotaSpec.Tokens].Granted, windows[QuotaSpec.Tokens].Charged));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM llm_quota_leases WHERE key_id = @keyId", new { keyId }));
    }

    /// <summary>Waits for a key's usage rows (written off the request path) and returns them all.</summary>
    internal static async Task<IReadOnlyList<LlmPolicyTests.UsageRow>> UsageRowsAsync(GatewayFactory gateway, Guid keyId, int count)
    {
        await LlmPolicyTests.UsageRowAsync(gateway, keyId, count);
        await using var connection = new NpgsqlConnection(gateway.ConnectionString);
        var rows = (await connection.QueryAsync<LlmPolicyTests.UsageRow>(
            """
            SELECT tenant_id AS TenantId, team AS Team, model AS Model, input_tokens AS InputTokens, output_tokens AS OutputTokens,
                   cost_micros AS CostMicros, cache_status AS CacheStatus, outcome AS Outcome
            FROM llm_usage WHERE key_id = @keyId
            """, new { keyId })).ToList();
        Assert.Equal(count, rows.Count);
        return rows;
    }

    /// <summary>Waits up to 15 s for a condition.</summary>
    internal static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.WaitAsync(() => Task.FromResult(condition()), done => done, what, TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        _overSockets.Dispose();
        await _gateway.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
