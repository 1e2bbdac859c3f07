using MlOps.Gateway.Llm.Quotas;


namespace MlOps.Gateway.Tests;

/// <summary>
/// Streams from a provider that ignores stream_options and never reports a stream's usage: the gateway settles them
/// with its own count (the prompt estimated, the streamed text and tool-call arguments counted), and budgets still hold.
/// </summary>
public sealed class LlmStreamUsageFallbackTests(NoStreamUsageGatewayFixture fixture) : IClassFixture<NoStreamUsageGatewayFixture>
{
    [Fact]
    public async Task StreamWithoutProviderUsage_SettledWithTheGatewaysCount()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "counted-stream", name = "app", cache = "off" });
        using var client = fixture.Gateway.CreateClient(secret);
        const string prompt = "count this stream at the gateway";

        var sse = await LlmStreamUsageTests.StreamAsync(client, prompt, "true");

        Assert.True(sse.Done);
        Assert.DoesNotContain(sse.Events, e => e.TryGetProperty("usage", out _));
        var row = await new LlmPolicyTests(fixture).UsageRowAsync(id);
        Assert.Equal((LlmQuotaTests.EstimatedInput(prompt), new TokenCounter().Count("dev-chat", sse.Text)), (row.InputTokens, row.OutputTokens));
    }

    [Fact]
    public async Task StreamedToolCallWithoutProviderUsage_ArgumentsCountedAsOutputTokens()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "tools-usage", name = "app", cache = "off" });
        using var client = fixture.Gateway.CreateClient(secret);

        var call = await LlmToolCallTests.StreamedCallAsync(client, LlmToolCallTests.Ask("count the tokens of this call", stream: true));

        var row = await new LlmPolicyTests(fixture).UsageRowAsync(id);
        Assert.Equal("""{"query":"count the tokens of this call"}""", call.Arguments);
        // Counted with the model family's tokenizer (checked against tiktoken in LlmUnitTests) on the streamed arguments.
        Assert.Equal(new TokenCounter().Count("dev-chat", call.Arguments), row.OutputTokens);
    }

    [Fact]
    public Task HardBudget_StreamsCountedByTheGateway_ChargedNeverExceedsIt() => LlmQuotaTests.AssertBudgetHoldsAsync(fixture, "llm-budget-counted");
}
