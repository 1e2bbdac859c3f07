using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>OpenAI's usage object on an answer (or a stream's last chunk): the tokens read and written.</summary>
public sealed record TokenUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens)
{
    /// <summary>The <c>total_tokens</c> member.</summary>
    [JsonPropertyName("total_tokens")]
    public int TotalTokens => PromptTokens + CompletionTokens;
}
