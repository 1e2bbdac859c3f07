using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using MlOps.OpenAi;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>The scanned messages as Semantic Kernel's chat history, tool calls and tool results included with their ids.</summary>
public static class ConversationHistory
{
    // The OpenAI connector sends an assistant message's tool calls from this metadata entry (OpenAIChatMessageContent's
    // FunctionToolCallsProperty, internal to the connector): the calls go out with the model's own names and argument text.
    private const string ToolCallsMetadata = "ChatResponseMessage.FunctionToolCalls";

    public static ChatHistory From(IReadOnlyList<ChatMessage> messages)
    {
        var history = new ChatHistory();
        foreach (var message in messages)
        {
            switch (message.Role)
            {
                case "system" or "developer":
                    history.AddSystemMessage(message.Content ?? "");
                    break;
                case "assistant" when message.ToolCalls.Count > 0:
                    history.Add(new ChatMessageContent(AuthorRole.Assistant, message.Content, metadata: new Dictionary<string, object?>
                    {
                        [ToolCallsMetadata] = message.ToolCalls.Select(c => OpenAI.Chat.ChatToolCall.CreateFunctionToolCall(c.Id, c.Name, BinaryData.FromString(c.Arguments))).ToList(),
                    }));
                    break;
                case "assistant":
                    history.AddAssistantMessage(message.Content ?? "");
                    break;
                case "tool":
                    history.Add(new ChatMessageContent(AuthorRole.Tool, message.Content,
                        metadata: new Dictionary<string, object?> { [OpenAIChatMessageContent.ToolIdProperty] = message.ToolCallId }));
                    break;
                case "user":
                    history.AddUserMessage(message.Content ?? "");
                    break;
                default:
                    // Retrieved content (roles such as context or document) has passed the context scanner; it reaches the model as labelled user content.
                    history.AddUserMessage($"[{message.Role} content]\n{message.Content}");
                    break;
            }
        }
        return history;
    }
}
