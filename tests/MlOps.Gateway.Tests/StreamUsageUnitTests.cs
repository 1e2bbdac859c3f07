using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Llm.Streaming;

namespace MlOps.Gateway.Tests;

/// <summary>
/// A stream's usage that the gateway asks the provider for on the caller's behalf: the request gains
/// stream_options.include_usage only when the caller did not ask, and the filter reads the usage but keeps it from the
/// caller, wherever the provider puts it.
/// </summary>
public sealed class StreamUsageUnitTests
{
    private const string Usage = """{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}""";

    [Theory]
    [InlineData("""{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""", true)]
    [InlineData(" \n { \"model\" : \"m\", \"stream\" : true, \"messages\" : [{\"role\":\"user\",\"content\":\"hi\"}] } ", true)]
    [InlineData("""{"model":"m","stream":true,"stream_options":null,"messages":[{"role":"user","content":"hi"}]}""", true)]
    [InlineData("""{"model":"m","stream":true,"stream_options":{},"messages":[{"role":"user","content":"hi"}]}""", true)]
    [InlineData("""{"model":"m","stream":true,"stream_options":{"include_usage":false},"messages":[{"role":"user","content":"hi"}]}""", true)]
    [InlineData("""{"model":"m","stream":true,"stream_options":{"include_usage":null},"messages":[{"role":"user","content":"hi"}]}""", true)]
    [InlineData("""{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""", false)]
    public void StreamRequest_AsksForUsage_HiddenUnlessTheCallerAsked(string body, bool hidden)
    {
        var request = Parse(body);

        var hides = request.RequestStreamUsage();

        Assert.Equal(hidden, hides);
        var forwarded = JsonNode.Parse(request.ToUtf8())!;
        Assert.True(forwarded["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.Equal("hi", forwarded["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public void StreamWithoutOutputCap_ForwardedWithTheCapAndTheUsageOption()
    {
        var request = Parse("""{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        var call = new LlmCall(new LlmKeyPolicy(), request, "t", 0, new TokenCounter(), new LlmOptions());

        var forwarded = JsonNode.Parse(call.TakeBody())!;
        Assert.True(call.HidesUsage);
        Assert.True(forwarded["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.Equal(new LlmOptions().DefaultMaxTokens, forwarded["max_tokens"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"model":"m","stream":false,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""", "stream_options")]
    [InlineData("""{"model":"m","stream_options":{},"messages":[{"role":"user","content":"hi"}]}""", "stream_options")]
    [InlineData("""{"model":"m","stream":true,"stream_options":[],"messages":[{"role":"user","content":"hi"}]}""", "stream_options")]
    [InlineData("""{"model":"m","stream":true,"stream_options":{"include_usage":"yes"},"messages":[{"role":"user","content":"hi"}]}""", "stream_options.include_usage")]
    [InlineData("""{"model":"m","stream":true,"stream_options":{"include_usage":{}},"messages":[{"role":"user","content":"hi"}]}""", "stream_options.include_usage")]
    public void StreamOptionsOpenAiRefuses_400NamingTheField(string body, string field)
    {
        var (request, error) = LlmRequest.Parse(Encoding.UTF8.GetBytes(body), "/v1/chat/completions");

        Assert.Null(request);
        Assert.Equal((400, field), (error!.Status, error.Param));
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":"m","stream":false,"stream_options":null,"messages":[{"role":"user","content":"hi"}]}""")]
    public void NotAStream_ForwardedAsReceived(string body)
    {
        var request = Parse(body);

        var hides = request.RequestStreamUsage();

        Assert.False(hides);
        Assert.Equal(body, Encoding.UTF8.GetString(request.ToUtf8()));
    }

    [Theory]
    // OpenAI: a last chunk with no choices and the usage.
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","choices":[],"usage":USAGE}""", false)]
    // Usage on the finishing choice's chunk, as the last member, the first, or spaced out.
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":USAGE}""", true)]
    [InlineData("""{"usage":USAGE,"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""", true)]
    [InlineData("""{ "id" : "c1" , "usage" : USAGE , "choices" : [{"index":0,"delta":{},"finish_reason":"stop"}] }""", true)]
    public void UsageTheCallerDidNotAskFor_ReadForSettlementAndNotSent(string last, bool finishSent)
    {
        var filter = new ChatStreamFilter(new AnswerGuard(), new TokenCounter(), "dev-chat", 48, 1_000_000, OutputGuards.Redact, hideUsage: true);

        var sent = Run(filter, Content("Hello there"), last.Replace("USAGE", Usage, StringComparison.Ordinal));

        Assert.Equal(new UsageReport(5, 2, 0), filter.Usage);
        Assert.All(sent, e => Assert.False(e.TryGetProperty("usage", out _)));
        Assert.All(sent, e => Assert.NotEqual(0, e.GetProperty("choices").GetArrayLength()));
        Assert.Equal("Hello there", Text(sent));
        Assert.Equal(finishSent, sent.Any(e => e.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.String));
    }

    [Fact]
    public void UsageNullOnEveryChunk_LeftOutOfEach()
    {
        var filter = new ChatStreamFilter(new AnswerGuard(), new TokenCounter(), "dev-chat", 48, 1_000_000, OutputGuards.Off, hideUsage: true);

        var sent = Run(filter, Content("Hi", usage: "null"), Content(" you", usage: "null"));

        Assert.Equal(2, sent.Count);
        Assert.All(sent, e => Assert.False(e.TryGetProperty("usage", out _)));
        Assert.Null(filter.Usage);
    }

    [Fact]
    public void UsageTheCallerAskedFor_SentAsItCame()
    {
        var filter = new ChatStreamFilter(new AnswerGuard(), new TokenCounter(), "dev-chat", 48, 1_000_000, OutputGuards.Redact);
        var last = $$"""{"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{{Usage}}}""";

        var finish = """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";

        var sent = Run(filter, Content("Hello"), finish, last);

        Assert.Equal(new UsageReport(5, 2, 0), filter.Usage);
        Assert.Equal("Hello", Text(sent));
        Assert.Equal(7, sent[^1].GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    private static string Text(List<JsonElement> events) => string.Concat(events
        .Where(e => e.GetProperty("choices").GetArrayLength() > 0)
        .Select(e => e.GetProperty("choices")[0].GetProperty("delta"))
        .Select(d => d.TryGetProperty("content", out var content) ? content.GetString() : ""));

    private static LlmRequest Parse(string body) => LlmRequest.Parse(Encoding.UTF8.GetBytes(body), "/v1/chat/completions").Request!;

    private static string Content(string text, string? usage = null) =>
        $$"""{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":{{JsonSerializer.Serialize(text)}}},"finish_reason":null}]{{(usage is null ? "" : $",\"usage\":{usage}")}}}""";

    // Each chunk as one SSE event through the filter, then [DONE]; the JSON events it sends.
    private static List<JsonElement> Run(ChatStreamFilter filter, params string[] chunks)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var chunk in chunks.Append("[DONE]"))
        {
            filter.Process(Encoding.UTF8.GetBytes("data: " + chunk), output);
        }
        return [.. Encoding.UTF8.GetString(output.WrittenSpan).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e["data: ".Length..]).Where(d => d != "[DONE]").Select(d => JsonDocument.Parse(d).RootElement.Clone())];
    }
}
