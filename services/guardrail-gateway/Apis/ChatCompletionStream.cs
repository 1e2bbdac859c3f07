using MlOps.GuardrailGateway.Llm;
using MlOps.OpenAi;

namespace MlOps.GuardrailGateway.Apis;

/// <summary>
/// Writes a provider's streamed answer as OpenAI chat.completion.chunk events: text and tool-call deltas, the finish
/// reason, the provider's usage when the caller asked for it (stream_options.include_usage: a chunk with no choices, as
/// OpenAI sends), then [DONE].
/// </summary>
public static class ChatCompletionStream
{
    public static async Task WriteAsync(HttpContext context, IAsyncEnumerable<ChatDelta> deltas, string model, AnswerRestorer answer, bool includeUsage,
        CancellationToken cancellationToken)
    {
        var chunks = new ChunkWriter(context, model);
        var finish = "stop";
        TokenUsage? usage = null;
        await foreach (var delta in deltas)
        {
            usage = delta.Usage ?? usage;
            if (chunks.Count == 0)
            {
                context.Response.Headers["X-MlOps-Provider"] = delta.Provider;
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
            }
            finish = delta.FinishReason ?? finish;
            var text = answer.Text.Push(delta.Content ?? "");
            var calls = delta.ToolCalls.Select(c => c with { Arguments = answer.Call(c.Index).Push(c.Arguments) }).ToList();
            if (text.Length > 0 || calls.Count > 0 || chunks.Count == 0)
            {
                await chunks.SendAsync(text, calls, null, cancellationToken);
            }
        }
        if (chunks.Count == 0)
        {
            context.Response.ContentType = "text/event-stream";
        }
        var heldCalls = answer.FlushCalls().Select(c => new ToolCallDelta(c.Index, null, null, c.Held)).ToList();
        await chunks.SendAsync(answer.Text.Flush(), heldCalls, finish, cancellationToken);
        if (includeUsage && usage is not null)
        {
            await chunks.SendUsageAsync(usage, cancellationToken);
        }
        await context.Response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    }

    private sealed class ChunkWriter(HttpContext context, string model)
    {
        private readonly string _id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        public int Count { get; private set; }

        public Task SendAsync(string text, IReadOnlyList<ToolCallDelta> calls, string? finish, CancellationToken cancellationToken)
        {
            var delta = new ChunkDelta(Count == 0 ? "assistant" : null, text.Length > 0 ? text : null, calls.Count > 0 ? [.. calls.Select(Call)] : null);
            return SendChunkAsync(new ChatCompletionChunk(_id, _created, model, [new ChunkChoice(0, delta, finish)]), cancellationToken);
        }

        public Task SendUsageAsync(TokenUsage usage, CancellationToken cancellationToken) =>
            SendChunkAsync(new ChatCompletionChunk(_id, _created, model, [], usage), cancellationToken);

        private async Task SendChunkAsync(ChatCompletionChunk chunk, CancellationToken cancellationToken)
        {
            Count++;
            await context.Response.WriteAsync(OpenAiSerializer.SseEvent(chunk), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }

        // OpenAI's shape: the id, type and name on a call's first fragment, then only its index and argument pieces.
        private static ChunkToolCall Call(ToolCallDelta call) => new(call.Index, call.Id, new ChunkFunction(call.Name, call.Arguments));
    }
}
