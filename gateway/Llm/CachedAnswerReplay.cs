using System.Text.Json.Nodes;

namespace MlOps.Gateway.Llm;

/// <summary>Writes a cached completion to a client as JSON, or as the SSE stream a streaming client expects.</summary>
public static class CachedAnswerReplay
{
    public static async Task WriteAsync(HttpResponse response, ResponseCache.Entry entry, bool stream)
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
        await response.WriteAsync("data: [DONE]\n\n", response.HttpContext.RequestAborted);
    }

    /// <summary>The completion form of a streamed answer, to cache it.</summary>
    public static string CompletionOf(ChatStreamFilter filter, string model) =>
        new JsonObject
        {
            ["id"] = "chatcmpl-cached-" + Guid.NewGuid().ToString("N")[..12], ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["model"] = model,
            ["choices"] = new JsonArray([.. filter.Answers.Select(a => (JsonNode)new JsonObject
            {
                ["index"] = a.Key, ["message"] = MessageOf(a.Value), ["finish_reason"] = a.Value.Finish ?? "stop",
            })]),
        }.ToJsonString(LlmJson.Options);

    // OpenAI's message shape: content null when the model only called tools.
    private static JsonObject MessageOf(Streaming.StreamedChoice choice)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = choice.Text.Length == 0 && choice.ToolCalls.Count > 0 ? null : choice.Text.ToString() };
        if (choice.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. choice.ToolCalls.Values.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["type"] = "function", ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments.ToString() },
            })]);
        }
        return message;
    }

    private static JsonObject Chunk(JsonObject completion, JsonObject choice) => new()
    {
        ["id"] = completion["id"]?.DeepClone(), ["object"] = "chat.completion.chunk", ["created"] = completion["created"]?.DeepClone(),
        ["model"] = completion["model"]?.DeepClone(), ["choices"] = new JsonArray(choice),
    };

    private static async Task SendAsync(HttpResponse response, JsonObject chunk)
    {
        await response.WriteAsync("data: " + chunk.ToJsonString(LlmJson.Options) + "\n\n", response.HttpContext.RequestAborted);
        await response.Body.FlushAsync(response.HttpContext.RequestAborted);
    }
}
