using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Llm.Streaming;

namespace MlOps.Gateway.Benchmarks;

/// <summary>
/// The gateway's work on one streamed answer as the load test's development provider sends it (one word per SSE event,
/// then the finish and usage events): the interceptor splitting events, the output guard's hold-back redaction, token
/// counting and the re-written chunks, with an e-mail address in the answer or without one.
/// </summary>
[MemoryDiagnoser]
public class StreamFilterBenchmarks
{
    private readonly AnswerGuard _guard = new();
    private readonly TokenCounter _tokens = new();
    private byte[][] _events = [];

    [Params(false, true)]
    public bool WithEmail { get; set; }

    [Params(OutputGuards.Off, OutputGuards.Redact)]
    public string Guard { get; set; } = OutputGuards.Redact;

    // True: the usage was asked for by the gateway, not the caller, and is taken out of the finishing chunk.
    [Params(false, true)]
    public bool HideUsage { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var answer = "[development provider, not a real model] You said: Summarize ticket 17-4242: the customer cannot log in after a password reset."
            + (WithEmail ? " Write to jane.doe@example.com about it." : "");
        var words = answer.Split(' ');
        const string head = """{"id":"chatcmpl-dev-0123456789ab","object":"chat.completion.chunk","created":1764259200,"model":"dev-chat","choices":[{"index":0,"delta":""";
        var events = words.Select((w, i) => head + (i == 0 ? """{"content":"","role":"assistant"}""".Replace("\"\"", $"\"{w}\"", StringComparison.Ordinal) : $$"""{"content":" {{w}}"}""")
            + ""","finish_reason":null}]}""").ToList();
        events.Add(head + """{},"finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":19,"total_tokens":33}}""");
        events.Add("[DONE]");
        _events = [.. events.Select(e => Encoding.UTF8.GetBytes("data: " + e + "\n\n"))];
        _tokens.Count("dev-chat", "warm the tokenizer");
        // The trial is measured only if it sends what the interceptor sends.
        if (!Interceptor().GetAwaiter().GetResult().ToArray().SequenceEqual(Parser().GetAwaiter().GetResult().ToArray()))
        {
            throw new InvalidOperationException("SseParser's framing sent other bytes than the interceptor's.");
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<long> OneStream() => (await Interceptor()).Length;

    // The same stream framed by System.Net.ServerSentEvents' SseParser instead of the interceptor's own framing (a trial).
    [Benchmark]
    public async Task<long> OneStreamSseParser() => (await Parser()).Length;

    private async Task<MemoryStream> Interceptor()
    {
        var context = new DefaultHttpContext();
        context.Response.ContentType = "text/event-stream";
        var sink = new MemoryStream();
        var filter = new ChatStreamFilter(_guard, _tokens, "dev-chat", 48, 1_000_000, Guard, HideUsage);
        var interceptor = new LlmResponseInterceptor(context.Response, sink, filter.Process);
        foreach (var sseEvent in _events)
        {
            await interceptor.WriteAsync(sseEvent);
        }
        await interceptor.CompleteStreamAsync(CancellationToken.None);
        return sink;
    }

    private async Task<MemoryStream> Parser()
    {
        var sink = new MemoryStream();
        var filter = new ChatStreamFilter(_guard, _tokens, "dev-chat", 48, 1_000_000, Guard, HideUsage);
        using var pump = new SseParserPump(sink, filter.Process);
        foreach (var sseEvent in _events)
        {
            await pump.WriteAsync(sseEvent);
        }
        await pump.CompleteStreamAsync();
        return sink;
    }
}
