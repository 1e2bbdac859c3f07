using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using MlOps.OpenAi;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;
using ChatTokenUsage = OpenAI.Chat.ChatTokenUsage;
using ChatToolCallKind = OpenAI.Chat.ChatToolCallKind;

namespace MlOps.GuardrailGateway.Llm.Tools;

/// <summary>Reads what Semantic Kernel's OpenAI and Azure OpenAI connectors return into the OpenAI wire terms the caller gets.</summary>
public static class ProviderAnswers
{
    /// <summary>The function calls of a whole answer, with the names and argument text exactly as the model gave them.</summary>
    public static IReadOnlyList<ToolCall> ToolCalls(ChatMessageContent answer) => answer is OpenAIChatMessageContent { ToolCalls: { Count: > 0 } calls }
        ? [.. calls.Where(c => c.Kind == ChatToolCallKind.Function).Select(c => new ToolCall(c.Id, c.FunctionName, c.FunctionArguments.ToString()))]
        : [];

    /// <summary>The finish reason of a whole answer (the connector keeps it in the metadata as the SDK's enum name).</summary>
    public static string FinishReason(ChatMessageContent answer, bool calledTools) =>
        answer.Metadata?.GetValueOrDefault("FinishReason") is string name && Enum.TryParse<ChatFinishReason>(name, out var reason) ? Wire(reason)
        : calledTools ? "tool_calls" : "stop";

    /// <summary>The text, tool-call fragments, finish reason and reported usage of one streamed update.</summary>
    public static ChatDelta Delta(StreamingChatMessageContent update, string provider) => update is OpenAIStreamingChatMessageContent openAi
        ? new ChatDelta(update.Content,
            [.. (openAi.ToolCallUpdates ?? []).Select(u => new ToolCallDelta(u.Index, u.ToolCallId, u.FunctionName, u.FunctionArgumentsUpdate?.ToString() ?? ""))],
            openAi.FinishReason is { } reason ? Wire(reason) : null, provider, Usage(update.Metadata))
        : new ChatDelta(update.Content, [], null, provider, Usage(update.Metadata));

    /// <summary>The token usage in an answer's or update's metadata (where the connector keeps the SDK's usage), if any.</summary>
    public static TokenUsage? Usage(IReadOnlyDictionary<string, object?>? metadata) =>
        metadata?.GetValueOrDefault("Usage") is ChatTokenUsage usage ? new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount) : null;

    private static string Wire(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => "stop",
    };
}
