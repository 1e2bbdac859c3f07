using System.Text.Json;

namespace MlOps.Incident.Calls;

/// <summary>
/// A platform service's answer as a runbook step sees it: the body, or an error saying whether another attempt could help
/// (a 4xx is the callee's final word; 5xx, 429, timeouts and unreachable callees are worth retrying).
/// </summary>
public sealed record CallResult(JsonElement? Body, string? Error, bool Retryable)
{
    public static CallResult Answered(JsonElement body) => new(body, null, false);

    public static CallResult Failed(string error, bool retryable) => new(null, error, retryable);
}
