namespace MlOps.OpenAi;

/// <summary>
/// One message of an OpenAI chat request: an assistant's tool calls (its content may then be null) and a tool result's
/// <c>tool_call_id</c> travel with it, so the provider sees the conversation as the caller sent it.
/// </summary>
public sealed record ChatMessage(string Role, string? Content, IReadOnlyList<ToolCall> ToolCalls, string? ToolCallId)
{
    /// <summary>The texts the guardrails scan for this message: its content, then each tool call's arguments.</summary>
    public IEnumerable<string> GuardedTexts() => [Content ?? "", .. ToolCalls.Select(c => c.Arguments)];

    /// <summary>This message with its guarded texts replaced by their scanned (possibly redacted) versions, in <see cref="GuardedTexts"/> order.</summary>
    public ChatMessage WithGuardedTexts(IReadOnlyList<string> texts) => this with
    {
        Content = Content is null ? null : texts[0],
        ToolCalls = [.. ToolCalls.Select((call, i) => call with { Arguments = texts[i + 1] })],
    };
}
