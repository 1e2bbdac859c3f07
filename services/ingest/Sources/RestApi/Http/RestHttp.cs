using Microsoft.Extensions.Logging;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// Sends a page request through <see cref="SafeOutboundHttp"/>, retrying 429, 5xx, timeouts and failed connections with
/// exponential back-off that honours Retry-After (capped), waiting on the <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RestHttp(SafeOutboundHttp http, RestApiOptions options, TimeProvider time, ILogger logger)
{
    public async Task<(OutboundResult Result, int Attempts)> SendAsync(
        Func<HttpRequestMessage> build, string resource, int page, string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            var result = await http.SendAsync(request, cancellationToken, options.RequestTimeout, options.MaxPageBytes);
            if (!result.IsTransient || attempt >= options.MaxAttempts)
            {
                return (result, attempt);
            }
            var delay = RetryDelay.Next(attempt, result.Header("Retry-After"), time.GetUtcNow(), options.RetryBaseDelay, options.MaxRetryDelay);
            RestApiLog.Retrying(logger, resource, page, path, result.Error ?? "failed", attempt, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken);
        }
    }
}
