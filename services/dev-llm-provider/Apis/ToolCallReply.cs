using System.Text.Json.Nodes;

namespace MlOps.DevLlmProvider.Apis;

/// <summary>Sends the development provider's tool call as a whole answer or, streamed, as OpenAI does: id and name first, then the arguments in pieces.</summary>
public static class ToolCallReply
{
    private const int ArgumentPiece = 8;

    public static async Task SendAsync(HttpContext context, JsonNode request, (string Id, long Created, string Model) answer, (string Id, string Name, string Arguments) call,
        int promptTokens)
    {
        var usage = ChatCompletionsApi.Usage(promptTokens, (call.Arguments.Length + 3) / 4);
        if (request["stream"]?.GetValue<bool>() != true)
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = answer.Id, ["object"] = "chat.completion", ["created"] = answer.Created, ["model"] = answer.Model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(Call(call.Id, call.Name, call.Arguments)) },
                    ["finish_reason"] = "tool_calls",
                }),
                ["usage"] = usage,
            });
            return;
        }
        context.Response.ContentType = "text/event-stream";
        await ChatCompletionsApi.SendChunkAsync(context, answer, new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(Call(call.Id, call.Name, "", index: 0)) }, null);
        for (var at = 0; at < call.Arguments.Length; at += ArgumentPiece)
        {
            var piece = call.Arguments[at..Math.Min(at + ArgumentPiece, call.Arguments.Length)];
            await ChatCompletionsApi.SendChunkAsync(context, answer, new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } }) }, null);
        }
        await ChatCompletionsApi.SendChunkAsync(context, answer, new JsonObject(), "tool_calls", ChatCompletionsApi.IncludeUsage(context, request) ? usage : null);
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    // A streamed call carries its index; a whole answer's does not.
    private static JsonObject Call(string id, string name, string arguments, int? index = null)
    {
        var call = new JsonObject { ["id"] = id, ["type"] = "function", ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments } };
        if (index is { } i)
        {
            call["index"] = i;
        }
        return call;
    }
}
