using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>
/// One event of a streamed chat completion (object "chat.completion.chunk"): choice deltas, or none and the usage on the
/// last chunk when the caller asked for it (stream_options.include_usage), as OpenAI sends them.
/// </summary>
public sealed record ChatCompletionChunk(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChunkChoice> Choices,
    [property: JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TokenUsage? Usage = null)
{
    /// <summary>The <c>object</c> member.</summary>
    [JsonPropertyName("object")]
    public string Object => "chat.completion.chunk";
}
