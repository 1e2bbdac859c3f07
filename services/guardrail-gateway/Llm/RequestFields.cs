using System.Text.Json;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>Optional fields of an OpenAI request body, read once each: the value, or the message saying what is wrong.</summary>
public static class RequestFields
{
    /// <summary>An optional number field within [min, max].</summary>
    public static (double? Value, string? Error) Number(JsonElement body, string name, double min, double max)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= min && number <= max
            ? (number, null)
            : (null, $"'{name}' must be a number between {min} and {max}.");
    }

    /// <summary>An optional string field.</summary>
    public static (string? Value, string? Error) OptionalString(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }
        return value.ValueKind == JsonValueKind.String ? (value.GetString(), null) : (null, $"'{name}' must be a string.");
    }
}
