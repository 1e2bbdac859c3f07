using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityToolkit.HighPerformance.Buffers;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Streaming;

namespace MlOps.Gateway.Llm.Caching;

/// <summary>Writes a cached completion to a client as JSON, or as the SSE stream a streaming client expects.</summary>
public static class CachedAnswerReplay
{
    /// <summary>Replays the entry; a stream whose caller asked for usage ends with the cached answer's usage, as a provider's would.</summary>
    public static async Task WriteAsync(HttpResponse response, ResponseCache.Entry entry, bool stream, bool streamUsage)
    {
        if (!stream)
        {
            response.ContentType = "application/json";
            await response.Body.WriteAsync(entry.Completion, response.HttpContext.RequestAborted);
            return;
        }
        response.ContentType = "text/event-stream";
        var completion = JsonNode.Parse(entry.Completion)!.AsObject();
        foreach (var choice in (completion["choices"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var index = choice["index"]?.DeepClone() ?? 0;
            var delta = new JsonObject { ["role"] = "assistant", ["content"] = choice["message"]?["content"]?.DeepClone() };
            if (choice["message"]?["tool_calls"] is JsonArray calls)
            {
                // Streamed tool calls carry their position in the list.
                delta["tool_calls"] = new JsonArray([.. calls.Select((call, i) => { var streamed = call!.DeepClone().AsObject(); streamed["index"] = i; return (JsonNode)streamed; })]);
            }
            await SendAsync(response, Chunk(completion, new JsonObject { ["index"] = index, ["delta"] = delta, ["finish_reason"] = null }));
            await SendAsync(response, Chunk(completion, new JsonObject
            {
                ["index"] = index.DeepClone(), ["delta"] = new JsonObject(), ["finish_reason"] = choice["finish_reason"]?.DeepClone() ?? "stop",
            }));
        }
        if (streamUsage && entry.Usage is { } usage)
        {
            await SendAsync(response, UsageChunk(completion, usage));
        }
        await response.WriteAsync("data: [DONE]\n\n", response.HttpContext.RequestAborted);
    }

    /// <summary>The completion form of a streamed answer as UTF-8 JSON, to cache it (written directly: no JSON tree, no string).</summary>
    public static byte[] CompletionOf(ChatStreamFilter filter, string model)
    {
        using var buffer = new ArrayPoolBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = LlmJson.Options.Encoder });
        writer.WriteStartObject();
        writer.WriteString("id", "chatcmpl-cached-" + Guid.NewGuid().ToString("N")[..12]);
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        writer.WriteString("model", model);
        writer.WriteStartArray("choices");
        foreach (var (index, choice) in filter.Answers)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", index);
            WriteMessage(writer, choice);
            writer.WriteString("finish_reason", choice.Finish ?? "stop");
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (filter.Usage is { } usage)
        {
            writer.WritePropertyName("usage");
            usage.ToJson().WriteTo(writer);
        }
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    // OpenAI's message shape: content null when the model only called tools.
    private static void WriteMessage(Utf8JsonWriter writer, StreamedChoice choice)
    {
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", choice.Text.Length == 0 && choice.ToolCalls.Count > 0 ? null : choice.Text.ToString());
        if (choice.ToolCalls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in choice.ToolCalls.Values)
            {
                writer.WriteStartObject();
                writer.WriteString("id", call.Id);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", call.Name);
                writer.WriteString("arguments", call.Arguments.ToString());
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static JsonObject Chunk(JsonObject completion, JsonObject? choice) => new()
    {
        ["id"] = completion["id"]?.DeepClone(), ["object"] = "chat.completion.chunk", ["created"] = completion["created"]?.DeepClone(),
        ["model"] = completion["model"]?.DeepClone(), ["choices"] = choice is null ? new JsonArray() : new JsonArray(choice),
    };

    // OpenAI's last chunk of a stream with include_usage: no choices, only the usage.
    private static JsonObject UsageChunk(JsonObject completion, UsageReport usage)
    {
        var chunk = Chunk(completion, choice: null);
        chunk["usage"] = usage.ToJson();
        return chunk;
    }

    private static async Task SendAsync(HttpResponse response, JsonObject chunk)
    {
        await response.WriteAsync("data: " + chunk.ToJsonString(LlmJson.Options) + "\n\n", response.HttpContext.RequestAborted);
        await response.Body.FlushAsync(response.HttpContext.RequestAborted);
    }
}
