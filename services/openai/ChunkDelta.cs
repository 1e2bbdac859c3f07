using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>What a chunk adds to a choice: the role on the first, text, tool-call fragments; absent parts are left out.</summary>
public sealed record ChunkDelta(
    [property: JsonPropertyName("role"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null,
    [property: JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content = null,
    [property: JsonPropertyName("tool_calls"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ChunkToolCall>? ToolCalls = null);
