using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MlOps.Gateway.Tests;

/// <summary>
/// Tool calls through the gateway's LLM policy, from the development provider over real HTTP: PII in a call's arguments
/// redacted whole and streamed (the arguments stay valid JSON), and streamed calls cached and replayed with their tool
/// calls. (Arguments counted as output tokens when the provider reports no usage: <see cref="LlmStreamUsageFallbackTests"/>.)
/// </summary>
public sealed class LlmToolCallTests(LlmGatewayFixture fixture) : IClassFixture<LlmGatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly JsonElement LookupTool = JsonDocument.Parse("""
        {"type":"function","function":{"name":"lookup-customer","parameters":{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}}}
        """).RootElement;

    internal static object Ask(string prompt, bool stream = false) =>
        new { model = "dev-chat", temperature = 0, stream, stream_options = stream ? new { include_usage = true } : null, tools = new[] { LookupTool }, messages = new[] { new { role = "user", content = prompt } } };

    [Fact]
    public async Task ToolCallArgumentsWithPii_RedactedWholeAndStreamed_StillValidJson()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "tools-redact", name = "app", cache = "off" });
        using var client = fixture.Gateway.CreateClient(secret);
        const string prompt = "find the customer jane.doe@example.com with card 4111 1111 1111 1111";

        var whole = (await (await client.PostAsJsonAsync("/v1/chat/completions", Ask(prompt), Cancel)).ReadJsonAsync()).GetProperty("choices")[0];
        var streamed = await StreamedCallAsync(client, Ask(prompt, stream: true));

        Assert.Equal("tool_calls", whole.GetProperty("finish_reason").GetString());
        var wholeCall = whole.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("lookup-customer", wholeCall.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("lookup-customer", streamed.Name);
        Assert.Equal("tool_calls", streamed.Finish);
        foreach (var arguments in new[] { wholeCall.GetProperty("function").GetProperty("arguments").GetString()!, streamed.Arguments })
        {
            var query = JsonDocument.Parse(arguments).RootElement.GetProperty("query").GetString()!;
            Assert.DoesNotContain("jane.doe@example.com", arguments);
            Assert.DoesNotContain("4111", arguments);
            Assert.Equal("find the customer <EMAIL_ADDRESS_1> with card <CREDIT_CARD_1>", query);
        }
    }

    [Fact]
    public async Task StreamedToolCall_CachedAndReplayedWithItsCall_WholeAndAsSse()
    {
        var (_, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "tools-cache", name = "app" });
        using var client = fixture.Gateway.CreateClient(secret);

        var first = await StreamedCallAsync(client, Ask("look up order 881", stream: true));
        using var hit = await client.PostAsJsonAsync("/v1/chat/completions", Ask("look up order 881"), Cancel);
        var replayed = await StreamedCallAsync(client, Ask("look up order 881", stream: true));

        Assert.Equal("HIT", hit.Headers.GetValues("x-mlops-cache").Single());
        var message = (await hit.ReadJsonAsync()).GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var call = message.GetProperty("tool_calls")[0];
        Assert.Equal((first.Id, first.Name, first.Arguments),
            (call.GetProperty("id").GetString(), call.GetProperty("function").GetProperty("name").GetString(), call.GetProperty("function").GetProperty("arguments").GetString()));
        Assert.Equal((first.Id, first.Name, first.Arguments), (replayed.Id, replayed.Name, replayed.Arguments));
        Assert.Equal("""{"query":"look up order 881"}""", first.Arguments);
    }

    internal static async Task<(string? Id, string? Name, string Arguments, string? Finish)> StreamedCallAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/v1/chat/completions", request, Cancel);
        var sse = await LlmSse.ReadAsync(response);
        Assert.True(sse.Done);
        var choices = sse.Events.Where(e => e.TryGetProperty("choices", out var c) && c.GetArrayLength() > 0).Select(e => e.GetProperty("choices")[0]).ToList();
        var fragments = choices.Where(c => c.GetProperty("delta").TryGetProperty("tool_calls", out _)).SelectMany(c => c.GetProperty("delta").GetProperty("tool_calls").EnumerateArray()).ToList();
        Assert.All(fragments, f => Assert.Equal(0, f.GetProperty("index").GetInt32()));
        var arguments = new StringBuilder();
        foreach (var fragment in fragments)
        {
            arguments.Append(fragment.GetProperty("function").TryGetProperty("arguments", out var piece) ? piece.GetString() : "");
        }
        var head = fragments.First(f => f.TryGetProperty("id", out _));
        var finish = choices.Select(c => c.GetProperty("finish_reason")).Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()).LastOrDefault();
        return (head.GetProperty("id").GetString(), head.GetProperty("function").GetProperty("name").GetString(), arguments.ToString(), finish);
    }
}
