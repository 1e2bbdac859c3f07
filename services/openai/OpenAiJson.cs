using System.Text.Json;

namespace MlOps.OpenAi;

/// <summary>Reads an OpenAI request body: one JSON object, a duplicated member refused as OpenAI does (not read twice two ways).</summary>
public static class OpenAiJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    /// <summary>The body's root object, or the OpenAI 400 saying why it is not one.</summary>
    public static (JsonElement Body, OpenAiError? Error) Parse(ReadOnlySpan<byte> json)
    {
        JsonElement body;
        try
        {
            body = JsonElement.Parse(json, Options);
        }
        catch (JsonException exception)
        {
            return (default, OpenAiError.BadRequest($"The request body is not valid JSON: {exception.Message}"));
        }
        return body.ValueKind == JsonValueKind.Object ? (body, null) : (default, OpenAiError.BadRequest("The request body must be a JSON object."));
    }

    /// <summary>The same, read from a stream.</summary>
    public static async Task<(JsonElement Body, OpenAiError? Error)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, Options, cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            return (default, OpenAiError.BadRequest($"The request body is not valid JSON: {exception.Message}"));
        }
        return body.ValueKind == JsonValueKind.Object ? (body, null) : (default, OpenAiError.BadRequest("The request body must be a JSON object."));
    }
}
