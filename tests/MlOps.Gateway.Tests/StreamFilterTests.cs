using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Llm.Streaming;

namespace MlOps.Gateway.Tests;

/// <summary>
/// The response interceptor and stream filter on SSE as providers may frame it (LF or CRLF, one or several data lines,
/// comments, escaped text, events split anywhere across writes), without a network: bytes in, bytes out.
/// </summary>
public sealed class StreamFilterTests
{
    private static readonly AnswerGuard Guard = new();
    private static readonly TokenCounter Tokens = new();

    private static string Chunk(string content, string? finish = null) =>
        "data: " + JsonSerializer.Serialize(new
        {
            id = "c1", @object = "chat.completion.chunk", created = 1, model = "dev-chat",
            choices = new[] { new { index = 0, delta = new { content }, finish_reason = finish } },
        });

    private static async Task<string> FilterAsync(string stream, int writeSize = int.MaxValue, long tokenLimit = 1_000_000, string outputGuard = OutputGuards.Redact) =>
        (await FilterWithEndAsync(stream, writeSize, tokenLimit, outputGuard)).Sent;

    // Also says how many bytes had been written (the provider's) when the caller's response was ended, and how many times.
    private static async Task<(string Sent, long? EndedAfter, int Ends)> FilterWithEndAsync(string stream, int writeSize = int.MaxValue,
        long tokenLimit = 1_000_000, string outputGuard = OutputGuards.Redact)
    {
        var context = new DefaultHttpContext();
        context.Response.ContentType = "text/event-stream";
        var sink = new MemoryStream();
        var filter = new ChatStreamFilter(Guard, Tokens, "dev-chat", 48, tokenLimit, outputGuard);
        long written = 0;
        long? endedAfter = null;
        var ends = 0;
        var interceptor = new LlmResponseInterceptor(context.Response, sink, filter.Process, last =>
        {
            sink.Write(last.Span);
            endedAfter ??= written;
            ends++;
            return Task.CompletedTask;
        });
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (var at = 0; at < bytes.Length; at += writeSize)
        {
            written = Math.Min(at + writeSize, bytes.Length);
            await interceptor.WriteAsync(bytes.AsMemory(at, Math.Min(writeSize, bytes.Length - at)), TestContext.Current.CancellationToken);
        }
        await interceptor.CompleteStreamAsync(TestContext.Current.CancellationToken);
        return (Encoding.UTF8.GetString(sink.ToArray()), endedAfter, ends);
    }

    // The text of every chunk's delta content, in order (data lines of an event joined, as SSE readers do).
    private static string Text(string sse) => string.Concat(sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
        .Select(e => string.Join('\n', e.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..])))
        .Where(d => d.StartsWith('{'))
        .Select(d => JsonDocument.Parse(d).RootElement)
        .Where(r => r.TryGetProperty("choices", out var c) && c.GetArrayLength() > 0 && c[0].GetProperty("delta").TryGetProperty("content", out var t) && t.ValueKind == JsonValueKind.String)
        .Select(r => r.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));

    [Theory]
    [InlineData("\n\n", int.MaxValue)]
    [InlineData("\r\n\r\n", int.MaxValue)]
    [InlineData("\n\n", 5)]
    [InlineData("\r\n\r\n", 3)]
    public async Task EmailSplitAcrossChunks_RedactedWhateverTheFramingAndWriteSizes(string separator, int writeSize)
    {
        var stream = string.Join(separator, Chunk("Mail jane"), Chunk(".doe@exam"), Chunk("ple.com now"), Chunk("", "stop"), "data: [DONE]") + separator;

        var filtered = await FilterAsync(stream, writeSize);

        Assert.Equal("Mail <EMAIL_ADDRESS_1> now", Text(filtered));
        Assert.EndsWith("data: [DONE]\n\n", filtered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EscapedText_DecodedForTheScannersAndWrittenBackAsValidJson()
    {
        var stream = string.Join("\n\n", Chunk("Caf\u00e9 \"quotes\" and a\nnewline, "), Chunk("write to bob@example.org "), Chunk("", "stop"), "data: [DONE]") + "\n\n";

        var filtered = await FilterAsync(stream);

        Assert.Equal("Caf\u00e9 \"quotes\" and a\nnewline, write to <EMAIL_ADDRESS_1> ", Text(filtered));
    }

    [Fact]
    public async Task CommentsAndEventsWithoutJson_PassAsTheyCame()
    {
        var stream = ": keep-alive\n\nevent: ping\ndata: not json\n\n" + Chunk("hello there ", "stop") + "\n\ndata: [DONE]\n\n";

        var filtered = await FilterAsync(stream);

        Assert.StartsWith(": keep-alive\n\nevent: ping\ndata: not json\n\n", filtered, StringComparison.Ordinal);
        Assert.Equal("hello there ", Text(filtered));
    }

    [Fact]
    public async Task JsonOverSeveralDataLines_JoinedAndFiltered()
    {
        var json = Chunk("mail bob@example.org ", "stop")[6..];
        // Split between two members, where a provider could break the line.
        var at = json.IndexOf(",\"object\"", StringComparison.Ordinal) + 1;
        var stream = "data: " + json[..at] + "\ndata: " + json[at..] + "\n\ndata: [DONE]\n\n";

        var filtered = await FilterAsync(stream);

        Assert.Equal("mail <EMAIL_ADDRESS_1> ", Text(filtered));
    }

    [Fact]
    public async Task AnswerPastTheReservedTokens_EndedWithAnErrorEventAndDone()
    {
        var words = Enumerable.Range(0, 40).Select(i => Chunk($"word{i} "));
        var stream = string.Join("\n\n", words) + "\n\n" + Chunk("", "stop") + "\n\ndata: [DONE]\n\n";

        var filtered = await FilterAsync(stream, tokenLimit: 10, outputGuard: OutputGuards.Off);

        var events = filtered.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        Assert.Equal("budget_exceeded", JsonDocument.Parse(events[^2][6..]).RootElement.GetProperty("error").GetProperty("code").GetString());
        // Counted piece by piece as it streamed (a piece ending in a space counts it apart), so the whole sent text may
        // tokenize a little shorter than the count that passed the limit; far from all 40 words went out.
        var sent = Tokens.Count("dev-chat", Text(filtered));
        Assert.True(sent is >= 8 and <= 14, $"ended near the limit, not after {sent} tokens: {Text(filtered)}");
        Assert.StartsWith("word0 word1 word2 ", Text(filtered), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderDone_EndsTheCallersResponseThen_AndWhatFollowsIsDropped()
    {
        var head = Chunk("hello there ", "stop") + "\n\ndata: [DONE]\n\n";
        var stream = head + Chunk("after the end") + "\n\n";

        var (sent, endedAfter, ends) = await FilterWithEndAsync(stream, writeSize: 7);

        Assert.Equal(1, ends);
        // Ended by the write that completed [DONE]'s event, not when the provider's response closed.
        Assert.InRange(endedAfter!.Value, Encoding.UTF8.GetByteCount(head), Encoding.UTF8.GetByteCount(head) + 6);
        Assert.EndsWith("data: [DONE]\n\n", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("after the end", sent);
    }

    [Fact]
    public async Task StreamWithoutDone_NotEndedByTheFilter()
    {
        var (sent, endedAfter, _) = await FilterWithEndAsync(Chunk("no done here ", "stop") + "\n\n");

        Assert.Null(endedAfter);
        Assert.Equal("no done here ", Text(sent));
    }

    [Fact]
    public async Task AnswerPastTheReservedTokens_CallersResponseEndedWithTheErrorEvent()
    {
        var stream = string.Join("\n\n", Enumerable.Range(0, 40).Select(i => Chunk($"word{i} "))) + "\n\ndata: [DONE]\n\n";

        var (sent, endedAfter, ends) = await FilterWithEndAsync(stream, writeSize: 64, tokenLimit: 10, outputGuard: OutputGuards.Off);

        Assert.Equal(1, ends);
        Assert.True(endedAfter < Encoding.UTF8.GetByteCount(stream) / 2, $"ended at byte {endedAfter}, near the limit");
        Assert.EndsWith("data: [DONE]\n\n", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoStreamsInterleavedOnOneThread_EachRedactedAsWhenAlone()
    {
        // The filters share one chunk reader and one edit list per thread: nothing of one stream may leak into the other.
        string[] first = [Chunk("Mail jane"), Chunk(".doe@exam"), Chunk("ple.com now"), Chunk("", "stop"), "data: [DONE]"];
        string[] second = [Chunk("Card 4111 1111"), Chunk(" 1111 1111 ok"), Chunk("", "stop"), "data: [DONE]"];
        var alone = (await FilterAsync(string.Join("\n\n", first) + "\n\n"), await FilterAsync(string.Join("\n\n", second) + "\n\n"));
        var sinks = (new MemoryStream(), new MemoryStream());
        var context = new DefaultHttpContext();
        context.Response.ContentType = "text/event-stream";
        using var a = new LlmResponseInterceptor(context.Response, sinks.Item1, new ChatStreamFilter(Guard, Tokens, "dev-chat", 48, 1_000_000, OutputGuards.Redact).Process);
        using var b = new LlmResponseInterceptor(context.Response, sinks.Item2, new ChatStreamFilter(Guard, Tokens, "dev-chat", 48, 1_000_000, OutputGuards.Redact).Process);

        for (var i = 0; i < Math.Max(first.Length, second.Length); i++)
        {
            if (i < first.Length)
            {
                await a.WriteAsync(Encoding.UTF8.GetBytes(first[i] + "\n\n"), TestContext.Current.CancellationToken);
            }
            if (i < second.Length)
            {
                await b.WriteAsync(Encoding.UTF8.GetBytes(second[i] + "\n\n"), TestContext.Current.CancellationToken);
            }
        }

        Assert.Equal(alone, (Encoding.UTF8.GetString(sinks.Item1.ToArray()), Encoding.UTF8.GetString(sinks.Item2.ToArray())));
        Assert.Equal("Mail <EMAIL_ADDRESS_1> now", Text(alone.Item1));
        Assert.Equal("Card <CREDIT_CARD_1> ok", Text(alone.Item2));
    }

    [Fact]
    public async Task WholeAnswer_StillReadableAfterTheInterceptorGaveBackItsBuffers()
    {
        var context = new DefaultHttpContext();
        context.Response.ContentType = "application/json";
        var interceptor = new LlmResponseInterceptor(context.Response, Stream.Null, null);
        await interceptor.WriteAsync("{\"id\":\"c1\"}"u8.ToArray(), TestContext.Current.CancellationToken);

        interceptor.Dispose();

        Assert.Equal("{\"id\":\"c1\"}", Encoding.UTF8.GetString(interceptor.Buffered.Span));
    }
}
