using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>A choice of a streamed chunk: what it adds, and the finish reason on its last chunk (null before, and written as null).</summary>
public sealed record ChunkChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("delta")] ChunkDelta Delta,
    [property: JsonPropertyName("finish_reason")] string? FinishReason);
