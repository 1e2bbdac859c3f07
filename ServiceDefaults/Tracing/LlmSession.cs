using Microsoft.AspNetCore.Http;

namespace MlOps.ServiceDefaults.Tracing;

/// <summary>
/// The session an LLM call belongs to, for its GenAI span (and so the tracer's sessions): an explicit conversation or session
/// header, else OpenAI's <c>user</c> field.
/// </summary>
public static class LlmSession
{
    public const string ConversationHeader = "X-MlOps-Conversation-Id";
    public const string SessionHeader = "x-session-id";

    public static string? Of(HttpRequest request, string? user) =>
        NonEmpty(request.Headers[ConversationHeader].FirstOrDefault()) ?? NonEmpty(request.Headers[SessionHeader].FirstOrDefault()) ?? NonEmpty(user);

    /// <summary>The session on a span, as the GenAI conventions and the tracer name it.</summary>
    public static void Tag(System.Diagnostics.Activity? activity, string? session)
    {
        activity?.SetTag("gen_ai.conversation.id", session);
        activity?.SetTag("session.id", session);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
