using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MlOps.Gateway.Tests;

/// <summary>
/// The gateway asks the provider for every stream's usage and settles the stream with it; the caller gets the usage
/// chunk only when it asked (stream_options.include_usage), as from OpenAI, whether the answer is live or from the cache.
/// </summary>
public sealed class LlmStreamUsageTests(LlmGatewayFixture fixture) : IClassFixture<LlmGatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("null")]
    public async Task StreamWhoseCallerAskedForNoUsage_SettledWithTheProvidersUsage_NoneSent(string? includeUsage)
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "usage-hidden", name = "app", cache = "off" });
        using var client = fixture.Gateway.CreateClient(secret);
        const string prompt = "settle this stream with the provider's own count";
        var withUsage = await StreamAsync(client, prompt, "true");
        var providerUsage = withUsage.Events[^1].GetProperty("usage");

        var sse = await StreamAsync(client, prompt, includeUsage);

        Assert.True(sse.Done);
        Assert.Equal(withUsage.Text, sse.Text);
        Assert.DoesNotContain(sse.Events, e => e.TryGetProperty("usage", out _));
        var row = await new LlmPolicyTests(fixture).UsageRowAsync(id, count: 2);
        // The provider counts words; the gateway's own estimate (tokens plus per-message overheads) would differ.
        Assert.Equal((providerUsage.GetProperty("prompt_tokens").GetInt32(), providerUsage.GetProperty("completion_tokens").GetInt32()), (row.InputTokens, row.OutputTokens));
        Assert.NotEqual(LlmQuotaTests.EstimatedInput(prompt), row.InputTokens);
    }

    [Fact]
    public async Task StreamWhoseCallerAskedForUsage_GetsItOnceAtTheEnd_SettledWithIt()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "usage-shown", name = "app", cache = "off" });
        using var client = fixture.Gateway.CreateClient(secret);

        var sse = await StreamAsync(client, "report the usage to me", "true");

        Assert.True(sse.Done);
        var usage = Assert.Single(sse.Events, e => e.TryGetProperty("usage", out _)).GetProperty("usage");
        Assert.True(sse.Events[^1].TryGetProperty("usage", out _));
        var row = await new LlmPolicyTests(fixture).UsageRowAsync(id);
        Assert.Equal((usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32()), (row.InputTokens, row.OutputTokens));
    }

    [Fact]
    public async Task CachedStream_ReplayedWithTheCachedUsageOnlyForACallerWhoAsked()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "usage-cached", name = "app" });
        using var client = fixture.Gateway.CreateClient(secret);
        const string prompt = "cache this streamed answer and its usage";

        var live = await StreamAsync(client, prompt, "true");
        var (askedHit, askedStatus) = await StreamWithCacheStatusAsync(client, prompt, "true");
        var (silentHit, silentStatus) = await StreamWithCacheStatusAsync(client, prompt, null);

        Assert.Equal(("HIT", "HIT"), (askedStatus, silentStatus));
        Assert.Equal(live.Text, askedHit.Text);
        Assert.Equal(live.Text, silentHit.Text);
        Assert.True(askedHit.Done && silentHit.Done);
        var liveUsage = live.Events[^1].GetProperty("usage");
        var replayedUsage = askedHit.Events[^1].GetProperty("usage");
        Assert.Equal(0, askedHit.Events[^1].GetProperty("choices").GetArrayLength());
        Assert.Equal(liveUsage.GetProperty("total_tokens").GetInt32(), replayedUsage.GetProperty("total_tokens").GetInt32());
        Assert.DoesNotContain(silentHit.Events, e => e.TryGetProperty("usage", out _));
    }

    /// <summary>Streams a deterministic chat; includeUsage is stream_options.include_usage as raw JSON, or null for no stream_options.</summary>
    internal static async Task<LlmSse> StreamAsync(HttpClient client, string prompt, string? includeUsage) =>
        (await StreamWithCacheStatusAsync(client, prompt, includeUsage)).Sse;

    private static async Task<(LlmSse Sse, string CacheStatus)> StreamWithCacheStatusAsync(HttpClient client, string prompt, string? includeUsage)
    {
        var options = includeUsage is null ? "" : $$""","stream_options":{"include_usage":{{includeUsage}}}""";
        var body = $$"""{"model":"dev-chat","temperature":0,"stream":true{{options}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]}""";
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await client.PostAsync("/v1/chat/completions", content, Cancel);
        response.EnsureSuccessStatusCode();
        return (await LlmSse.ReadAsync(response), response.Headers.GetValues("x-mlops-cache").Single());
    }
}
