using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using MlOps.GuardrailGateway.Guarding;
using MlOps.GuardrailGateway.Llm;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.GuardrailGateway.Apis;

public static class ChatCompletionsApi
{
    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/completions", Complete).WithTags("LLM").WithName("ChatCompletions")
            .WithSummary("OpenAI-compatible chat completions (JSON or SSE): input guardrails on every message, then the providers that serve the model, with fallback.")
            .Accepts<JsonElement>("application/json");
        return app;
    }

    public static async Task<IResult> Complete(HttpContext context, TenantId tenant, LlmRequestGuard guard, ProviderChat providers, CancellationToken cancellationToken)
    {
        var (body, malformed) = await LlmRequestGuard.ReadBodyAsync(context.Request, cancellationToken);
        if (malformed is not null)
        {
            return malformed;
        }
        var (request, problem, param) = ChatRequest.Parse(body);
        if (request is null)
        {
            return OpenAiError.Result(StatusCodes.Status400BadRequest, problem!, "invalid_request_error", param: param);
        }
        if (guard.Unserved(request.Model) is { } unserved)
        {
            return unserved;
        }
        var texts = request.Messages.Select((m, i) => ((int?)i, m.Role, m.Content ?? "")).ToList();
        var (scan, refusal) = await guard.CheckAsync(tenant.Value, texts, "messages", scanners: null, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var history = History(scan.Messages!);
        var settings = new OpenAIPromptExecutionSettings { Temperature = request.Temperature, TopP = request.TopP, MaxTokens = request.MaxTokens };
        var restorer = new PlaceholderRestorer(scan.Mapping);
        var conversation = context.Request.Headers["X-MlOps-Conversation-Id"].FirstOrDefault();
        try
        {
            if (request.Stream)
            {
                await StreamAsync(context, providers, request, history, settings, restorer, conversation, cancellationToken);
                return Results.Empty;
            }
            var turn = await providers.CompleteAsync(request.Model, history, settings, conversation, cancellationToken);
            context.Response.Headers["X-MlOps-Provider"] = turn.Provider;
            return Results.Json(new JsonObject
            {
                ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
                ["object"] = "chat.completion",
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["model"] = request.Model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = restorer.Restore(turn.Content) },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject
                {
                    ["prompt_tokens"] = turn.PromptTokens, ["completion_tokens"] = turn.CompletionTokens, ["total_tokens"] = turn.PromptTokens + turn.CompletionTokens,
                },
            });
        }
        catch (ProviderUnavailableException error) when (!context.Response.HasStarted)
        {
            return OpenAiError.Result(error.Status, error.Message, error.Status == StatusCodes.Status404NotFound ? "invalid_request_error" : "provider_error", "provider_unavailable");
        }
    }

    // Tool and retrieved content has passed the context scanner; it reaches the model as labelled user content.
    private static ChatHistory History(IReadOnlyList<GuardMessage> messages)
    {
        var history = new ChatHistory();
        foreach (var message in messages)
        {
            switch (message.Role)
            {
                case "system" or "developer":
                    history.AddSystemMessage(message.Content ?? "");
                    break;
                case "assistant":
                    history.AddAssistantMessage(message.Content ?? "");
                    break;
                case "user":
                    history.AddUserMessage(message.Content ?? "");
                    break;
                default:
                    history.AddUserMessage($"[{message.Role} content]\n{message.Content}");
                    break;
            }
        }
        return history;
    }

    private static async Task StreamAsync(HttpContext context, ProviderChat providers, ChatRequest request, ChatHistory history, OpenAIPromptExecutionSettings settings,
        PlaceholderRestorer restorer, string? conversation, CancellationToken cancellationToken)
    {
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = true;
        await foreach (var (content, provider) in providers.StreamAsync(request.Model, history, settings, conversation, cancellationToken))
        {
            if (first)
            {
                context.Response.Headers["X-MlOps-Provider"] = provider;
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
            }
            var text = restorer.Push(content ?? "");
            if (text.Length > 0 || first)
            {
                await SendChunkAsync(context, id, created, request.Model, text, first ? "assistant" : null, null, cancellationToken);
            }
            first = false;
        }
        if (first)
        {
            context.Response.ContentType = "text/event-stream";
        }
        await SendChunkAsync(context, id, created, request.Model, restorer.Flush(), null, "stop", cancellationToken);
        await context.Response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    }

    private static async Task SendChunkAsync(HttpContext context, string id, long created, string model, string text, string? role, string? finish, CancellationToken cancellationToken)
    {
        var delta = new JsonObject();
        if (role is not null)
        {
            delta["role"] = role;
        }
        if (text.Length > 0)
        {
            delta["content"] = text;
        }
        var chunk = new JsonObject
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
