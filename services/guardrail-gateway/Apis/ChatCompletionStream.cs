using System.Text.Json.Nodes;
using MlOps.GuardrailGateway.Llm;

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

        public async Task SendAsync(string text, IReadOnlyList<ToolCallDelta> calls, string? finish, CancellationToken cancellationToken)
        {
            var delta = new JsonObject();
            if (Count == 0)
            {
                delta["role"] = "assistant";
            }
            if (text.Length > 0)
            {
                delta["content"] = text;
            }
            if (calls.Count > 0)
            {
                delta["tool_calls"] = new JsonArray([.. calls.Select(Call)]);
            }
            await SendChunkAsync(new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }), null, cancellationToken);
        }

        public Task SendUsageAsync(TokenUsage usage, CancellationToken cancellationToken) =>
            SendChunkAsync([], new JsonObject
            {
                ["prompt_tokens"] = usage.PromptTokens, ["completion_tokens"] = usage.CompletionTokens, ["total_tokens"] = usage.PromptTokens + usage.CompletionTokens,
            }, cancellationToken);

        private async Task SendChunkAsync(JsonArray choices, JsonObject? usage, CancellationToken cancellationToken)
        {
            var chunk = new JsonObject { ["id"] = _id, ["object"] = "chat.completion.chunk", ["created"] = _created, ["model"] = model, ["choices"] = choices };
            if (usage is not null)
            {
                chunk["usage"] = usage;
            }
            Count++;
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }

        // OpenAI's shape: the id, type and name on a call's first fragment, then only its index and argument pieces.
        private static JsonNode Call(ToolCallDelta call)
        {
            var function = new JsonObject();
            if (call.Name is not null)
            {
                function["name"] = call.Name;
            }
            function["arguments"] = call.Arguments;
            var node = new JsonObject { ["index"] = call.Index };
            if (call.Id is not null)
            {
                node["id"] = call.Id;
                node["type"] = "function";
            }
            node["function"] = function;
            return node;
        }
    }
}
