using System.Net;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlOps.ServiceDefaults.Outbound;

/// <summary>
/// The one way to call a URL or host a user supplied: only public or allow-listed addresses (checked at connect time),
/// no redirects, no service discovery, no retries, a timeout, and at most MaxResponseBytes of the answer read.
/// Registered by <c>AddSafeOutboundHttp()</c>.
/// </summary>
public sealed partial class SafeOutboundHttp(
    IHttpClientFactory httpClients, IOptions<OutboundOptions> options, ILogger<SafeOutboundHttp> logger)
{
    /// <summary>The named client behind this class; use this class rather than the client itself.</summary>
    public const string HttpClientName = "mlops-safe-outbound";

    /// <summary>Marks this client's requests, so traces record their origin only (webhook URLs often carry a secret in the path).</summary>
    public static readonly HttpRequestOptionsKey<bool> Marker = new("mlops-safe-outbound");

    /// <summary>
    /// Sends the request and reads at most <paramref name="maxResponseBytes"/> (default MlOps:Outbound:MaxResponseBytes;
    /// 0 reads no body) of a 2xx answer. Never throws for the destination's failures; only for the caller's cancellation.
    /// </summary>
    public async Task<OutboundResult> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken, TimeSpan? timeout = null, long? maxResponseBytes = null)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } url || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0)
        {
            return OutboundResult.Failed(OutboundOutcome.Refused, OutboundResult.RefusedUrl);
        }
        // HTTP/3 runs over QUIC, which never goes through the connect callback: at most HTTP/2, never upgraded.
        if (request.Version >= HttpVersion.Version30)
        {
            request.Version = HttpVersion.Version20;
        }
        request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        request.Options.Set(Marker, true);
        var limit = maxResponseBytes ?? options.Value.MaxResponseBytes;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? options.Value.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            var headers = HeadersOf(response);
            if (!response.IsSuccessStatusCode)
            {
                return OutboundResult.FromStatus(status) with { Headers = headers };
            }
            if (limit == 0)
            {
                return new OutboundResult(OutboundOutcome.Succeeded, status, null, ReadOnlyMemory<byte>.Empty) { Headers = headers };
            }
            if (response.Content.Headers.ContentLength > limit)
            {
                return OutboundResult.Failed(OutboundOutcome.TooLarge, OutboundResult.TooLargeText, status) with { Headers = headers };
            }
            var body = await ReadAtMostAsync(response.Content, limit, deadline.Token);
            return body is null
                ? OutboundResult.Failed(OutboundOutcome.TooLarge, OutboundResult.TooLargeText, status) with { Headers = headers }
                : new OutboundResult(OutboundOutcome.Succeeded, status, null, body) { Headers = headers };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return OutboundResult.Failed(OutboundOutcome.Timeout, OutboundResult.TimedOut);
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refusal)
        {
            LogRefused(logger, refusal.Host, refusal.Port, refusal.Reason);
            return OutboundResult.Failed(OutboundOutcome.Refused, OutboundResult.RefusedDestination);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            LogConnectionFailed(logger, url.Host, url.Port, e.GetType().Name);
            return OutboundResult.Failed(OutboundOutcome.ConnectionFailed, OutboundResult.ConnectionFailedText);
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>; never reads more than limit + 1 bytes.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var chunk = new byte[(int)Math.Min(limit + 1, 16 * 1024)];
        while (body.Length <= limit)
        {
            var count = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1 - body.Length)), cancellationToken);
            if (count == 0)
            {
                return body.ToArray();
            }
            body.Write(chunk, 0, count);
        }
        return null;
    }

    private static Dictionary<string, IReadOnlyList<string>> HeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = [.. values];
        }
        return headers;
    }

    private static OutboundRefusedException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is OutboundRefusedException refusal)
            {
                return refusal;
            }
        }
        return null;
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Outbound call to {Host}:{Port} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "Outbound call to {Host}:{Port} failed: {Failure}")]
    private static partial void LogConnectionFailed(ILogger logger, string host, int port, string failure);
}
