using System.Net;
using System.Text.Json;

namespace MlOps.Incident.Calls;

/// <summary>Sends one request to a platform service and reads its answer (a ProblemDetails' detail on refusal) into a <see cref="CallResult"/>.</summary>
public static class ServiceCall
{
    public static async Task<CallResult> SendAsync(this HttpClient http, string service, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return CallResult.Answered(text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
            }
            var status = (int)response.StatusCode;
            return CallResult.Failed($"{service} answered {status}: {ProblemOf(text) ?? response.ReasonPhrase}",
                retryable: status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.ExecutionRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return CallResult.Failed($"{service} could not be reached: {e.Message}", retryable: true);
        }
    }

    private static string? ProblemOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object ? null
                : root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()
                : root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString()
                : root.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message) ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return text.Length == 0 ? null : text[..Math.Min(text.Length, 300)];
        }
    }
}
