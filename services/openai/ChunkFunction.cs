using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>The function part of a tool-call fragment: its name on the first fragment, and a piece of the arguments.</summary>
public sealed record ChunkFunction(
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonPropertyName("arguments")] string Arguments);
