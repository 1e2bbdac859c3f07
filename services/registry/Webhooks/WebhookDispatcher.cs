using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Outbound;
using Npgsql;
using OpenTelemetry;

namespace MlOps.Registry.Webhooks;

/// <summary>
/// Sends pending webhook deliveries, signed, through the safe outbound client, and records each attempt's generic outcome.
/// 2xx: delivered. 429, 5xx, timeouts and failed connections: retried with exponential back-off up to MaxAttempts.
/// Anything else (another answer, a redirect, a destination that is not allowed): failed.
/// </summary>
public sealed partial class WebhookDispatcher(
    NpgsqlDataSource db, SafeOutboundHttp http, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchBatchAsync(stoppingToken);
            }
            catch (NpgsqlException e)
            {
                LogDatabaseUnavailable(logger, e);
            }
            await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        List<PendingDelivery> pending;
        using (SuppressInstrumentationScope.Begin())
        {
            pending = (await connection.QueryAsync<PendingDelivery>(new CommandDefinition(
                """
                SELECT d.id, d.payload::text AS Payload, d.attempts, s.url, s.secret
                FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND s.deleted_at IS NULL
                ORDER BY d.next_attempt_at LIMIT 20
                FOR UPDATE OF d SKIP LOCKED
                """, transaction: transaction, cancellationToken: cancellationToken))).AsList();
        }
        if (pending.Count == 0)
        {
            return;
        }
        var results = await Task.WhenAll(pending.Select(d => SendAsync(d, cancellationToken)));
        foreach (var (delivery, result) in pending.Zip(results))
        {
            var attempts = delivery.Attempts + 1;
            var status = result.Succeeded ? "succeeded" : result.IsTransient && attempts < options.Value.MaxAttempts ? "pending" : "failed";
            var (statusCode, error) = (result.StatusCode, result.Error);
            var delay = TimeSpan.FromMilliseconds(Math.Min(TimeSpan.FromHours(1).TotalMilliseconds, options.Value.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, attempts - 1)));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE webhook_deliveries SET status = @status, attempts = @attempts, last_status_code = @statusCode, last_error = @error,
                    next_attempt_at = now() + @delay, delivered_at = CASE WHEN @status = 'succeeded' THEN now() END
                WHERE id = @id
                """, new { delivery.Id, status, attempts, statusCode, error, delay }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<OutboundResult> SendAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var id = delivery.Id.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        try
        {
            request.Headers.Add("webhook-signature", WebhookSignature.Sign(delivery.Secret, id, timestamp, delivery.Payload));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // One malformed row must not stop the dispatcher (and with it the host): that delivery fails, the rest go on.
            LogUnsignable(logger, delivery.Id, e.GetType().Name);
            return Unsignable;
        }
        // Only the status matters: the receiver's body is never read, let alone stored.
        return await http.SendAsync(request, cancellationToken, options.Value.Timeout, maxResponseBytes: 0);
    }

    private static readonly OutboundResult Unsignable =
        OutboundResult.Failed(OutboundOutcome.Refused, "not sent: the subscription's secret is invalid");

    private sealed record PendingDelivery(Guid Id, string Payload, int Attempts, string Url, string Secret);

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "Webhook dispatcher cannot reach its database; retrying")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Error,
        Message = "Webhook delivery {DeliveryId} cannot be signed: its subscription's secret is malformed ({Failure})")]
    private static partial void LogUnsignable(ILogger logger, Guid deliveryId, string failure);
}
