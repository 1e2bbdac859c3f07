using System.Net.Http.Headers;
using System.Text.Json;

namespace MlOps.EndToEnd.Tests.Fuzz;

/// <summary>
/// What an error answer must look like on a route: ProblemDetails everywhere, except where a protocol has its own error
/// shape (Open Inference Protocol under /api/inference/v2 and KServe V1's :predict, OpenAI under /v1, OAuth 2.0 at /identity/token,
/// OTLP's google.rpc.Status at the tracer's /v1/traces).
/// </summary>
public static class RouteContract
{
    /// <summary>Why the answer breaks the contract, or null: a 5xx never passes, a 4xx must have its route's error shape.</summary>
    public static string? Violation(string path, int status, MediaTypeHeaderValue? contentType, string body)
    {
        if (status >= 500)
        {
            return "server error";
        }
        if (status < 400)
        {
            return null;
        }
        var media = contentType?.MediaType;
        var expected = ExpectedMediaType(path);
        if (!string.Equals(media, expected, StringComparison.OrdinalIgnoreCase))
        {
            return $"error answered as '{media}', not {expected}";
        }
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return "error body is not JSON";
        }
        if (json.ValueKind != JsonValueKind.Object)
        {
            return "error body is not a JSON object";
        }
        if (IsOtlp(path))
        {
            return json.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
                && json.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String
                ? null : "no google.rpc.Status {\"code\", \"message\"}";
        }
        if (IsInferenceProtocol(path) || path.StartsWith("/identity/token", StringComparison.Ordinal))
        {
            return json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? null : "no {\"error\": string}";
        }
        if (path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                && error.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                ? null : "no OpenAI {\"error\": {\"message\", \"type\"}}";
        }
        if (json.TryGetProperty("status", out var problemStatus) && (problemStatus.ValueKind != JsonValueKind.Number || problemStatus.GetInt32() != status))
        {
            return $"ProblemDetails status {problemStatus.GetRawText()} differs from the answer's";
        }
        return json.TryGetProperty("title", out _) ? null : "ProblemDetails without a title";
    }

    private static bool IsInferenceProtocol(string path) =>
        path.StartsWith("/api/inference/v2/", StringComparison.Ordinal)
        || (path.StartsWith("/api/inference/v1/models/", StringComparison.Ordinal) && path.Split('?')[0].EndsWith(":predict", StringComparison.Ordinal));

    private static bool IsOtlp(string path) => path.Split('?')[0] == "/api/agentops-tracer/v1/traces";

    private static string ExpectedMediaType(string path) =>
        IsInferenceProtocol(path) || IsOtlp(path) || path.StartsWith("/v1/", StringComparison.Ordinal)
        || path.StartsWith("/identity/token", StringComparison.Ordinal)
            ? "application/json"
            : "application/problem+json";
}
