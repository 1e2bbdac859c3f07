using System.Text.Json;

namespace MlOps.OpenAi;

/// <summary>Optional fields of an OpenAI request body, read once each: absent and null are the same, a wrong kind is an error.</summary>
internal static class JsonFields
{
    /// <summary>The field's value, or default when it is absent or null.</summary>
    public static JsonElement Get(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : default;

    public static bool IsGiven(JsonElement value) => value.ValueKind != JsonValueKind.Undefined;

    /// <summary>An integer, or an error naming the field.</summary>
    public static long? Integer(JsonElement body, string name, string message, ref OpenAiError? error)
    {
        var value = Get(body, name);
        if (!IsGiven(value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }
        error ??= OpenAiError.BadRequest(message, name);
        return null;
    }

    /// <summary>A string, or an error naming the field.</summary>
    public static string? String(JsonElement body, string name, ref OpenAiError? error)
    {
        var value = Get(body, name);
        if (!IsGiven(value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        error ??= OpenAiError.BadRequest($"'{name}' must be a string.", name);
        return null;
    }

    /// <summary>A number of a body the rules have judged (null when absent).</summary>
    public static double? JudgedNumber(JsonElement body, string name) => Get(body, name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    /// <summary>An integer of a body the rules have judged (null when absent).</summary>
    public static long? JudgedInteger(JsonElement body, string name) => Get(body, name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt64() : null;

    /// <summary>A boolean of a body the rules have judged (null when absent).</summary>
    public static bool? JudgedBoolean(JsonElement body, string name) =>
        Get(body, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    /// <summary>A string of a body the rules have judged (null when absent).</summary>
    public static string? JudgedString(JsonElement body, string name) => Get(body, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
