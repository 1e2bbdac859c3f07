using System.Text.Json;

namespace MlOps.OpenAi;

/// <summary>
/// OpenAI's response_format: {"type":"text"}, {"type":"json_object"} or {"type":"json_schema","json_schema":{name, schema,
/// description, strict}}; the schema is kept as the caller wrote it.
/// </summary>
public sealed record ResponseFormat(string Type, string? SchemaName = null, string? Schema = null, string? Description = null, bool? Strict = null)
{
    /// <summary>The format (null when the request sets none), or the OpenAI 400 naming what is wrong.</summary>
    public static (ResponseFormat? Format, OpenAiError? Error) Read(JsonElement body)
    {
        var format = JsonFields.Get(body, "response_format");
        return Check(format) is { } error ? (null, error) : (From(format), null);
    }

    /// <summary>Null when the response_format (default when absent or null) follows OpenAI's rules, else the 400 naming what is wrong.</summary>
    internal static OpenAiError? Check(JsonElement format) => JsonFields.IsGiven(format) ? Judge(format).Error : null;

    /// <summary>The format <see cref="Check"/> has accepted, or null when the request sets none.</summary>
    internal static ResponseFormat? From(JsonElement format) => JsonFields.IsGiven(format) ? Judge(format).Format : null;

    // The format and its error together: a check reads the same as the build.
    private static (ResponseFormat? Format, OpenAiError? Error) Judge(JsonElement format)
    {
        var type = format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "text" or "json_object":
                return (new ResponseFormat(type), null);
            case not "json_schema":
                return (null, OpenAiError.BadRequest("'response_format.type' must be 'text', 'json_object' or 'json_schema'.", "response_format.type"));
        }
        if (!format.TryGetProperty("json_schema", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            return (null, OpenAiError.BadRequest("'response_format.json_schema' must be an object.", "response_format.json_schema"));
        }
        // OpenAI's rule for the name: letters, digits, underscores and dashes, at most 64.
        if (!spec.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
            || name.GetString() is not { Length: > 0 and <= 64 } text || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return (null, OpenAiError.BadRequest("'response_format.json_schema.name' must be 1 to 64 letters, digits, '_' or '-'.",
                "response_format.json_schema.name"));
        }
        if (spec.TryGetProperty("schema", out var schema) && schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return (null, OpenAiError.BadRequest("'response_format.json_schema.schema' must be a JSON Schema object.", "response_format.json_schema.schema"));
        }
        if (spec.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return (null, OpenAiError.BadRequest("'response_format.json_schema.strict' must be a boolean.", "response_format.json_schema.strict"));
        }
        var description = spec.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return (new ResponseFormat("json_schema", text, schema.ValueKind == JsonValueKind.Object ? schema.GetRawText() : "{}", description,
            strict.ValueKind is JsonValueKind.True or JsonValueKind.False ? strict.GetBoolean() : null), null);
    }
}
