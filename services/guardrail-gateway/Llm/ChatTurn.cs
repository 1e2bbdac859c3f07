using MlOps.OpenAi;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>A provider's answer: the text, the tool calls, why it ended, which provider gave it, and token usage when reported.</summary>
public sealed record ChatTurn(string? Content, IReadOnlyList<ToolCall> ToolCalls, string FinishReason, string Provider, int? PromptTokens, int? CompletionTokens);

/// <summary>
/// One streamed piece of an answer: text, tool-call fragments (by index), the finish reason on the last piece, and the
/// provider's token usage on the piece that reports it (OpenAI's last, with no choices).
/// </summary>
public sealed record ChatDelta(string? Content, IReadOnlyList<ToolCallDelta> ToolCalls, string? FinishReason, string Provider, TokenUsage? Usage = null);

/// <summary>A fragment of a streamed tool call: the id and name come with its first fragment, the arguments in pieces.</summary>
public sealed record ToolCallDelta(int Index, string? Id, string? Name, string Arguments);
