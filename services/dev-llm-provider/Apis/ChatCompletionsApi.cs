using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.DevLlmProvider.Apis;

/// <summary>
/// POST /v1/chat/completions, JSON or SSE: echoes the last user message, plainly labelled, with usage counted in words;
/// max_tokens (or max_completion_tokens) caps the answer in words, and a stream's last chunk carries usage only when
/// stream_options.include_usage is true (never with DevProvider:IgnoreStreamOptions, like servers without the option); DevProvider:TokenDelayMs paces a stream like a real model (one word per interval, on a fixed schedule).
/// Offered tools, it calls one (see <see cref="ToolAnswers"/>); response format, stop and the other options: <see cref="AnswerShaping"/>.
/// </summary>
public static class ChatCompletionsApi
{
    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/completions", Complete);
        return app;
    }

    private static async Task Complete(HttpContext context)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var model = request?["model"]?.GetValue<string>() ?? "dev-chat";
        if (model.StartsWith("fail-", StringComparison.Ordinal) && int.TryParse(model[5..], out var status))
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { error = new { message = $"development provider told to fail with {status}", type = "server_error" } });
            return;
        }
        var messages = request?["messages"]?.AsArray() ?? [];
        var prompt = messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"]?.GetValue<string>() ?? "";
        var afterTool = ToolAnswers.AfterToolResult(messages, prompt);
        var answer = AnswerShaping.Stop(request!, AnswerShaping.Compose(request!, afterTool ?? "You said: " + prompt));
        var cap = request?["max_completion_tokens"]?.GetValue<int>() ?? request?["max_tokens"]?.GetValue<int>();
        var finish = "stop";
        if (cap is { } maxWords && answer.Split(' ').Length > maxWords)
        {
            answer = string.Join(' ', answer.Split(' ')[..maxWords]);
            finish = "length";
        }
        var promptTokens = messages.Sum(m => Words(m?["content"]?.GetValue<string>()));
        var id = "chatcmpl-dev-" + Guid.NewGuid().ToString("N")[..12];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (afterTool is null && ToolAnswers.CallFor(request!, prompt) is { } call)
        {
            await ToolCallReply.SendAsync(context, request!, (id, created, model), call, promptTokens);
            return;
        }
        if (request?["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            var words = answer.Split(' ');
            var pace = TimeSpan.FromMilliseconds(context.RequestServices.GetRequiredService<IConfiguration>().GetValue("DevProvider:TokenDelayMs", 0));
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < words.Length; i++)
            {
                // Word i is due at i × pace from the first: a late timer does not push every later word back with it.
                if (pace > TimeSpan.Zero && i > 0 && pace * i - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, context.RequestAborted);
                }
                var delta = new JsonObject { ["content"] = (i == 0 ? "" : " ") + words[i] };
                if (i == 0)
                {
                    delta["role"] = "assistant";
                }
                await SendChunkAsync(context, (id, created, model), delta, null);
            }
            await SendChunkAsync(context, (id, created, model), new JsonObject(), finish, IncludeUsage(context, request!) ? Usage(promptTokens, words.Length) : null);
            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
            return;
        }
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer }, ["finish_reason"] = finish,
            }),
            ["usage"] = Usage(promptTokens, Words(answer)),
        });
    }

    internal static JsonObject Usage(int prompt, int completion) =>
        new() { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion };

    private static int Words(string? text) => text is null ? 0 : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Whether a stream ends with its usage: asked for with stream_options.include_usage, as at OpenAI.</summary>
    internal static bool IncludeUsage(HttpContext context, JsonNode request) =>
        request["stream_options"]?["include_usage"]?.GetValue<bool>() == true
        && !context.RequestServices.GetRequiredService<IConfiguration>().GetValue("DevProvider:IgnoreStreamOptions", false);

    /// <summary>Sends one chat.completion.chunk of the answer (id, created, model) with its delta, finish reason and usage.</summary>
    internal static async Task SendChunkAsync(HttpContext context, (string Id, long Created, string Model) answer, JsonObject delta, string? finish, JsonObject? usage = null)
    {
        var chunk = new JsonObject
        {
            ["id"] = answer.Id, ["object"] = "chat.completion.chunk", ["created"] = answer.Created, ["model"] = answer.Model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        if (usage is not null)
        {
            chunk["usage"] = usage;
        }
        await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
