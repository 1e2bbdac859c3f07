using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.FeatureStore.Definitions;

/// <summary>One stored version of a definition; <see cref="Definition"/> is null for a deletion.</summary>
public sealed record DefinitionVersion(string Name, int Version, [property: JsonIgnore] string? Definition, string CreatedBy, DateTime CreatedAt)
{
    /// <summary>The definition as JSON in answers (an object, not a string of it).</summary>
    [JsonPropertyName("definition")]
    public JsonElement? Body => Definition is null ? null : JsonDocument.Parse(Definition).RootElement.Clone();

    public T? As<T>() where T : class => Definition is null ? null : JsonSerializer.Deserialize<T>(Definition, JsonSerializerOptions.Web);
}
