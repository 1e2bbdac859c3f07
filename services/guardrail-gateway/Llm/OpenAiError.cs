using System.Text.Json.Serialization;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>OpenAI's error body: {"error": {"message", "type", "code", "param"}}, so official SDKs surface it as they would OpenAI's own.</summary>
public sealed record OpenAiError([property: JsonPropertyName("error")] OpenAiErrorDetail Error)
{
    // OpenAI writes "code" and "param" as null rather than leaving them out; some clients expect the keys.
    private static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static IResult Result(int status, string message, string type, string? code = null, string? param = null) =>
        Results.Json(new OpenAiError(new OpenAiErrorDetail(message, type, code, param)), Options, statusCode: status);
}

/// <summary>The inside of an OpenAI error.</summary>
public sealed record OpenAiErrorDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("param")] string? Param);
