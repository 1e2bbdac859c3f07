using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Gateway.Llm.Quotas;
using Npgsql;

namespace MlOps.Gateway.Tests;

public sealed class LlmQuotaTests(FakeClockLlmGatewayFixture fixture) : IClassFixture<FakeClockLlmGatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The gateway's estimate of a one-message dev-chat prompt: its tokens and the chat overheads.</summary>
    internal static int EstimatedInput(string prompt) =>
        new TokenCounter().Count("dev-chat", prompt) + TokenCounter.PerMessageOverhead + TokenCounter.PerReplyOverhead;

    [Fact]
    public Task HardBudget_50ConcurrentRequestsOnTwoReplicas_ChargedNeverExceedsIt() => AssertBudgetHoldsAsync(fixture, "llm-budget");

    /// <summary>
    /// 50 requests at once on two replicas against a budget of 10 reservations: some refused, none charged past it, the
    /// usage rows adding up to the charge. Every third streams with its caller asking for no usage chunk: the gateway
    /// settles it with the usage it asks the provider for, or with its own count when the provider gives none.
    /// </summary>
    internal static async Task AssertBudgetHoldsAsync(LlmGatewayFixture fixture, string tenant)
    {
        const string prompt = "Tell me about budgets";
        const int maxTokens = 20;
        // What the gateway reserves per request: the prompt's tokens, the chat overheads, and max_tokens.
        var reservation = EstimatedInput(prompt) + maxTokens;
        var budget = 10 * reservation;
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = tenant, name = "app", budget = new { tokens = budget, window = "day" }, cache = "off" });
        using var first = fixture.Gateway.CreateClient(secret);
        using var second = fixture.Replica.CreateClient(secret);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => (i % 2 == 0 ? first : second).PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "dev-chat", messages = new[] { new { role = "user", content = prompt } }, max_tokens = maxTokens, stream = i % 3 == 0,
            stream_options = i % 3 == 0 ? new { include_usage = false } : null,
        }, Cancel)));

        var served = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(served, 1, 49);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await LlmPolicyTests.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "budget_exceeded");
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        foreach (var streamed in responses.Where(r => r.StatusCode == HttpStatusCode.OK && r.Content.Headers.ContentType?.MediaType == "text/event-stream"))
        {
            Assert.True((await LlmSse.ReadAsync(streamed)).Done);
        }
        await FlushAsync(fixture);
        await using var connection = new NpgsqlConnection(fixture.Gateway.ConnectionString);
        var (charged, granted) = await connection.QuerySingleAsync<(long, long)>(
            "SELECT charged, granted FROM llm_quota_windows WHERE key_id = @id AND kind = 'budget_tokens'", new { id });
        Assert.InRange(charged, 1, budget);
        Assert.InRange(granted, charged, budget);
        await new LlmPolicyTests(fixture).UsageRowAsync(id, count: 50);
        var usage = await connection.QuerySingleAsync<(long Tokens, long Ok)>(
            "SELECT coalesce(sum(input_tokens + output_tokens), 0), count(*) FILTER (WHERE outcome = 'ok') FROM llm_usage WHERE key_id = @id", new { id });
        Assert.Equal(charged, usage.Tokens);
        Assert.Equal(served, usage.Ok);
    }

    [Fact]
    public async Task BudgetPastItsSoftAlert_AlertedOncePerWindow()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-alert", name = "app", budget = new { tokens = 400, window = "month", softAlertRatio = 0.1 }, cache = "off" });
        using var first = fixture.Gateway.CreateClient(secret);
        using var second = fixture.Replica.CreateClient(secret);

        foreach (var client in new[] { first, second, first })
        {
            (await client.PostAsJsonAsync("/v1/chat/completions", new { model = "dev-chat", messages = new[] { new { role = "user", content = "Say something long enough" } }, max_tokens = 30 }, Cancel)).EnsureSuccessStatusCode();
            await FlushAsync(fixture);
        }

        await using var connection = new NpgsqlConnection(fixture.Gateway.ConnectionString);
        Assert.NotNull(await connection.ExecuteScalarAsync<DateTime?>("SELECT alerted_at FROM llm_quota_windows WHERE key_id = @id AND kind = 'budget_tokens'", new { id }));
        var alerts = (await connection.QueryAsync<string>(
            "SELECT payload::text FROM outbox_messages WHERE message_type = 'MlOps.Contracts.LlmBudgetAlerted' AND payload->>'keyId' = @id", new { id = id.ToString() })).ToList();
        var alert = System.Text.Json.JsonDocument.Parse(Assert.Single(alerts)).RootElement;
        Assert.Equal(("llm-alert", "budget_tokens", 400L), (alert.GetProperty("tenantId").GetString(), alert.GetProperty("budget").GetString(), alert.GetProperty("limit").GetInt64()));
        Assert.InRange(alert.GetProperty("charged").GetInt64(), 40, 400);
    }

    [Fact]
    public async Task StreamPastItsReservation_EndedWithAnErrorEvent()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-cut", name = "app", budget = new { tokens = 10_000, window = "day" }, cache = "off" });
        using var client = fixture.Gateway.CreateClient(secret);

        // The development provider caps answers in words; three words are more than three tokens, so the gateway cuts.
        var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "dev-chat", messages = new[] { new { role = "user", content = "Hi" } }, max_tokens = 3, stream = true, stream_options = new { include_usage = false },
        }, Cancel);

        var sse = await LlmSse.ReadAsync(response);
        Assert.True(sse.Done);
        var error = sse.Events.Last().GetProperty("error");
        Assert.Equal("budget_exceeded", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task RequestsPerMinute_TwoReplicas_ShareOneLimit()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-rpm", name = "app", rpm = 4, cache = "off" });
        using var first = fixture.Gateway.CreateClient(secret);
        using var second = fixture.Replica.CreateClient(secret);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            responses.Add(await (i % 2 == 0 ? first : second).PostAsJsonAsync("/v1/chat/completions",
                new { model = "dev-chat", messages = new[] { new { role = "user", content = $"q{i}" } } }, Cancel));
        }

        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await LlmPolicyTests.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal("4", refused.Headers.GetValues("x-ratelimit-limit-requests").Single());
        Assert.Equal("0", refused.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal("4", responses[0].Headers.GetValues("x-ratelimit-limit-requests").Single());
        // Per-minute windows are calendar minutes: the next one starts empty.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync("/v1/chat/completions",
            new { model = "dev-chat", messages = new[] { new { role = "user", content = "next minute" } } }, Cancel)).StatusCode);
    }

    [Fact]
    public async Task TokensPerMinute_RefusedOverTheLimit()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-tpm", name = "app", tpm = 100, cache = "off" });
        using var client = fixture.Gateway.CreateClient(secret);

        var small = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "dev-chat", messages = new[] { new { role = "user", content = "hi" } }, max_tokens = 20 }, Cancel);
        var large = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "dev-chat", messages = new[] { new { role = "user", content = "hi" } }, max_tokens = 500 }, Cancel);

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        await LlmPolicyTests.AssertErrorAsync(large, HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        Assert.Equal("100", large.Headers.GetValues("x-ratelimit-limit-tokens").Single());
    }

    private static async Task FlushAsync(LlmGatewayFixture fixture)
    {
        foreach (var gateway in new[] { fixture.Gateway, fixture.Replica })
        {
            await gateway.Services.GetRequiredService<QuotaFlusher>().FlushAsync(handBackAll: true, Cancel);
        }
    }
}
