using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlOps.OpenAi;

/// <summary>
/// OpenAI's error: the status and the body {"error": {"message", "type", "code", "param"}} that the official SDKs parse.
/// "code" and "param" are written as null rather than left out, as OpenAI does; some clients expect the keys.
/// </summary>
public sealed record OpenAiError(int Status, string Message, string Type, string? Code = null, string? Param = null)
{
    /// <summary>The type of a request OpenAI refuses as malformed.</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>The type of a refusal by a guardrail (input or output).</summary>
    public const string GuardrailViolation = "guardrail_violation";

    /// <summary>A 400 for a malformed request, naming the field at fault when there is one.</summary>
    public static OpenAiError BadRequest(string message, string? param = null) => new(400, message, InvalidRequest, "invalid_request", param);

    /// <summary>The error body as UTF-8 JSON.</summary>
    public byte[] ToUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>(128 + Message.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", Message);
            writer.WriteString("type", Type);
            writer.WriteString("code", Code);
            writer.WriteString("param", Param);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The error body as JSON text.</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(ToUtf8());

    /// <summary>Writes the status and the body; the request's own cancellation ends the write.</summary>
    public Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        response.ContentType = "application/json";
        return response.Body.WriteAsync(ToUtf8(), response.HttpContext.RequestAborted).AsTask();
    }

    /// <summary>The error as a minimal-API result.</summary>
    public IResult ToResult() => new ErrorResult(this);

    // Written as WriteAsync writes it, so that every OpenAI error leaves the same bytes.
    private sealed class ErrorResult(OpenAiError error) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => error.Status;

        public Task ExecuteAsync(HttpContext httpContext) => error.WriteAsync(httpContext.Response);
    }

    /// <summary>Reads an OpenAI error body (as a service behind the edge answered it), or null when the body is not one.</summary>
    public static OpenAiError? TryRead(ReadOnlySpan<byte> body, int status)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            return new OpenAiError(status, Text(error, "message") ?? "", Text(error, "type") ?? "", Text(error, "code"), Text(error, "param"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
