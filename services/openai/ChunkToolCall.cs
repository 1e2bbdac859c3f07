using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>A fragment of a streamed tool call: the id, type and name come on its first fragment, then only the index and argument pieces.</summary>
public sealed record ChunkToolCall(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonPropertyName("function")] ChunkFunction Function)
{
    /// <summary>The <c>type</c> member.</summary>
    [JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type => Id is null ? null : "function";
}
