using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.GuardrailGateway.Llm;
using MlOps.OpenAi;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tracing;

namespace MlOps.GuardrailGateway.Apis;

public static class ChatCompletionsApi
{
    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/completions", Complete).WithTags("LLM").WithName("ChatCompletions")
            .WithSummary("OpenAI-compatible chat completions (JSON or SSE, tool calling included): input guardrails on every message and tool call, then the providers that serve the model, with fallback.")
            .Accepts<JsonElement>("application/json");
        return app;
    }

    public static async Task<IResult> Complete(HttpContext context, CallerIdentity caller, LlmRequestGuard guard, ProviderChat providers, CancellationToken cancellationToken)
    {
        var (body, malformed) = await LlmRequestGuard.ReadBodyAsync(context.Request, cancellationToken);
        if (malformed is not null)
        {
            return malformed;
        }
        var (request, invalid) = ChatCompletionRequest.Read(body);
        if ((invalid ?? ProviderSettings.Unsupported(request!)) is { } refused)
        {
            return refused.ToResult();
        }
        if (guard.Unserved(request!.Model) is { } unserved)
        {
            return unserved;
        }
        var conversation = LlmSession.Of(context.Request, request.User);
        // The request's span is in the session too: a guardrail verdict on it reaches the tracer in the agent's session.
        LlmSession.Tag(System.Diagnostics.Activity.Current, conversation);
        // Each message's content and its tool calls' arguments are scanned; a finding names the message it is in.
        var texts = request.Messages.SelectMany((m, i) => m.GuardedTexts().Select(text => ((int?)i, (string?)m.Role, text))).ToList();
        var (scan, refusal) = await guard.CheckAsync(caller, texts, "messages", scanners: null, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var history = ConversationHistory.From(Scanned(request.Messages, scan.Messages!));
        var settings = ProviderSettings.From(request);
        var answer = new AnswerRestorer(scan.Mapping);
        try
        {
            if (request.Stream)
            {
                await ChatCompletionStream.WriteAsync(context, providers.StreamAsync(request.Model, history, settings, request.Tools, conversation, cancellationToken),
                    request.Model, answer, request.IncludeUsage, cancellationToken);
                return Results.Empty;
            }
            var turn = await providers.CompleteAsync(request.Model, history, settings, request.Tools, conversation, cancellationToken);
            context.Response.Headers["X-MlOps-Provider"] = turn.Provider;
            return Results.Json(Completion(request.Model, turn, answer));
        }
        catch (ProviderUnavailableException error) when (!context.Response.HasStarted)
        {
            return new OpenAiError(error.Status, error.Message, error.Status == StatusCodes.Status404NotFound ? OpenAiError.InvalidRequest : "provider_error",
                "provider_unavailable").ToResult();
        }
    }

    // The scanner saw each message's texts in GuardedTexts order; the redacted ones go back into the same places.
    private static List<ChatMessage> Scanned(IReadOnlyList<ChatMessage> messages, IReadOnlyList<Guarding.GuardMessage> scanned)
    {
        var next = 0;
        return [.. messages.Select(m =>
        {
            var count = m.ToolCalls.Count + 1;
            var texts = scanned.Skip(next).Take(count).Select(s => s.Content ?? "").ToList();
            next += count;
            return m.WithGuardedTexts(texts);
        })];
    }

    private static JsonObject Completion(string model, ChatTurn turn, AnswerRestorer answer)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = turn.Content is null ? null : answer.Text.Restore(turn.Content) };
        if (turn.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. turn.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = answer.RestoreArguments(c.Arguments) },
            })]);
        }
        return new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = turn.FinishReason }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = turn.PromptTokens, ["completion_tokens"] = turn.CompletionTokens, ["total_tokens"] = turn.PromptTokens + turn.CompletionTokens,
            },
        };
    }
}
