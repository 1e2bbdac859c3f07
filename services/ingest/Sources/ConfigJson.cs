using System.Text.Json;

namespace MlOps.Ingest.Sources;

/// <summary>Typed reads of a source's JSON configuration; a bad value is a <see cref="SourceConfigException"/> naming its path.</summary>
public static class ConfigJson
{
    public static JsonElement RequireObject(JsonElement element, string path) => element.ValueKind == JsonValueKind.Object
        ? element
        : throw new SourceConfigException(path, "must be an object");

    public static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? OptionalString(JsonElement parent, string name, string path) => Optional(parent, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw new SourceConfigException(Join(path, name), "must be a string"),
    };

    public static string RequiredString(JsonElement parent, string name, string path) =>
        OptionalString(parent, name, path) is { Length: > 0 } value
            ? value
            : throw new SourceConfigException(Join(path, name), "is required");

    public static bool? OptionalBool(JsonElement parent, string name, string path) => Optional(parent, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new SourceConfigException(Join(path, name), "must be true or false"),
    };

    public static int? OptionalInt(JsonElement parent, string name, string path, int min, int max)
    {
        if (Optional(parent, name) is not { } value)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max
            ? number
            : throw new SourceConfigException(Join(path, name), $"must be a whole number from {min} to {max}");
    }

    /// <summary>A path below <paramref name="path"/>: `location.type`, or just `type` at the top.</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
