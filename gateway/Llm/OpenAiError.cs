using System.Text.Json;

namespace MlOps.Gateway.Llm;

/// <summary>The OpenAI error shape, which the OpenAI SDKs parse: {"error": {"message", "type", "code", "param"}}.</summary>
public sealed record OpenAiError(int Status, string Message, string Type, string Code, string? Param = null)
{
    public static OpenAiError BadRequest(string message, string? param = null) => new(400, message, "invalid_request_error", "invalid_request", param);

    public Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        response.ContentType = "application/json";
        return response.WriteAsync(ToJson(), response.HttpContext.RequestAborted);
    }

    public string ToJson() => JsonSerializer.Serialize(new { error = new { message = Message, type = Type, code = Code, param = Param } });
}
