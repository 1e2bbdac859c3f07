namespace MlOps.GuardrailGateway.Llm;

/// <summary>A provider's answer: the text, which provider gave it, and token usage when reported.</summary>
public sealed record ChatTurn(string Content, string Provider, int? PromptTokens, int? CompletionTokens);
