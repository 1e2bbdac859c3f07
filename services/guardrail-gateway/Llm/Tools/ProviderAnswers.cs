using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;
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

    /// <summary>The text, tool-call fragments and finish reason of one streamed update.</summary>
    public static ChatDelta Delta(StreamingChatMessageContent update, string provider) => update is OpenAIStreamingChatMessageContent openAi
        ? new ChatDelta(update.Content,
            [.. (openAi.ToolCallUpdates ?? []).Select(u => new ToolCallDelta(u.Index, u.ToolCallId, u.FunctionName, u.FunctionArgumentsUpdate?.ToString() ?? ""))],
            openAi.FinishReason is { } reason ? Wire(reason) : null, provider)
        : new ChatDelta(update.Content, [], null, provider);

    private static string Wire(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => "stop",
    };
}
