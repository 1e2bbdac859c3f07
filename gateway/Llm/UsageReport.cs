using System.Text.Json.Nodes;

namespace MlOps.Gateway.Llm;

/// <summary>Token usage as a provider reports it (OpenAI's usage object).</summary>
public sealed record UsageReport(int InputTokens, int OutputTokens, int CachedInputTokens)
{
    public static UsageReport? From(JsonNode? usage) =>
        usage is JsonObject u && u["prompt_tokens"] is JsonValue prompt && prompt.TryGetValue<int>(out var input)
            ? new UsageReport(input,
                u["completion_tokens"] is JsonValue c && c.TryGetValue<int>(out var output) ? output : 0,
                u["prompt_tokens_details"]?["cached_tokens"] is JsonValue k && k.TryGetValue<int>(out var cached) ? cached : 0)
            : null;
}
