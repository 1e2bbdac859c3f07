using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Gateway.Llm.Models;

/// <summary>Token usage as a provider reports it (OpenAI's usage object).</summary>
public sealed record UsageReport(int InputTokens, int OutputTokens, int CachedInputTokens)
{
    public static UsageReport? From(JsonNode? usage) =>
        usage is JsonObject u && u["prompt_tokens"] is JsonValue prompt && prompt.TryGetValue<int>(out var input)
            ? new UsageReport(input,
                u["completion_tokens"] is JsonValue c && c.TryGetValue<int>(out var output) ? output : 0,
                u["prompt_tokens_details"]?["cached_tokens"] is JsonValue k && k.TryGetValue<int>(out var cached) ? cached : 0)
            : null;

    /// <summary>
    /// The same reading of a usage object's UTF-8 JSON, with a forward-only reader: a stream's usage chunk is read
    /// without building a JSON tree. Null when it is not an object with an integer prompt_tokens.
    /// </summary>
    public static UsageReport? Read(ReadOnlySpan<byte> usage)
    {
        var reader = new Utf8JsonReader(usage);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        int? input = null;
        var (output, cached) = (0, 0);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("prompt_tokens"u8) ? Field.Prompt
                : reader.ValueTextEquals("completion_tokens"u8) ? Field.Completion
                : reader.ValueTextEquals("prompt_tokens_details"u8) ? Field.Details
                : Field.Other;
            reader.Read();
            if (field == Field.Prompt)
            {
                input = IntOf(ref reader);
            }
            else if (field == Field.Completion)
            {
                output = IntOf(ref reader) ?? 0;
            }
            else if (field == Field.Details && reader.TokenType == JsonTokenType.StartObject)
            {
                cached = CachedTokens(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
        return input is { } tokens ? new UsageReport(tokens, output, cached) : null;
    }

    /// <summary>OpenAI's usage object for this usage.</summary>
    public JsonObject ToJson() => new()
    {
        ["prompt_tokens"] = InputTokens, ["completion_tokens"] = OutputTokens, ["total_tokens"] = InputTokens + OutputTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = CachedInputTokens },
    };

    private enum Field
    {
        Other,
        Prompt,
        Completion,
        Details,
    }

    private static int? IntOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }
        // An object or array in its place is read past, not into.
        reader.Skip();
        return null;
    }

    // Reads prompt_tokens_details to its end; its cached_tokens, or 0.
    private static int CachedTokens(ref Utf8JsonReader reader)
    {
        var cached = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCached = reader.ValueTextEquals("cached_tokens"u8);
            reader.Read();
            if (isCached)
            {
                cached = IntOf(ref reader) ?? 0;
            }
            else
            {
                reader.Skip();
            }
        }
        return cached;
    }
}
