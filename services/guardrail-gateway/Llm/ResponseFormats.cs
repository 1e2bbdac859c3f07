using System.Text.Json;
using OpenAI.Chat;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>OpenAI's response_format: {"type":"text"}, {"type":"json_object"} or {"type":"json_schema","json_schema":{name, schema, description, strict}}.</summary>
public static class ResponseFormats
{
    /// <summary>The format for the provider (null when the request sets none), or the message and param of what is wrong.</summary>
    public static (ChatResponseFormat? Format, string? Error, string? Param) Parse(JsonElement body)
    {
        if (!body.TryGetProperty("response_format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return (null, null, null);
        }
        var type = format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return type switch
        {
            "text" => (ChatResponseFormat.CreateTextFormat(), null, null),
            "json_object" => (ChatResponseFormat.CreateJsonObjectFormat(), null, null),
            "json_schema" => JsonSchema(format),
            _ => (null, "'response_format.type' must be 'text', 'json_object' or 'json_schema'.", "response_format.type"),
        };
    }

    private static (ChatResponseFormat? Format, string? Error, string? Param) JsonSchema(JsonElement format)
    {
        if (!format.TryGetProperty("json_schema", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            return (null, "'response_format.json_schema' must be an object.", "response_format.json_schema");
        }
        // OpenAI's rule for the name: letters, digits, underscores and dashes, at most 64.
        if (!spec.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
            || name.GetString() is not { Length: > 0 and <= 64 } text || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return (null, "'response_format.json_schema.name' must be 1 to 64 letters, digits, '_' or '-'.", "response_format.json_schema.name");
        }
        if (spec.TryGetProperty("schema", out var schema) && schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return (null, "'response_format.json_schema.schema' must be a JSON Schema object.", "response_format.json_schema.schema");
        }
        if (spec.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return (null, "'response_format.json_schema.strict' must be a boolean.", "response_format.json_schema.strict");
        }
        var description = spec.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return (ChatResponseFormat.CreateJsonSchemaFormat(text, schema.ValueKind == JsonValueKind.Object ? BinaryData.FromString(schema.GetRawText()) : BinaryData.FromString("{}"),
            description, strict.ValueKind is JsonValueKind.True or JsonValueKind.False ? strict.GetBoolean() : null), null, null);
    }
}
