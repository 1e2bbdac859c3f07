using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Incident.Lifecycle;
using MlOps.ServiceDefaults.Outbound;
using Npgsql;
using OpenTelemetry;

namespace MlOps.Incident.Notifications;

/// <summary>
/// Sends due deliveries, claimed with FOR UPDATE SKIP LOCKED so replicas share the work, and records each outcome on the row and on
/// the incident's timeline. 2xx: delivered. 429, 5xx, timeouts and failed connections: retried with exponential back-off up to
/// MaxAttempts. Anything else: failed at once. Each delivery is on its own: one failing channel holds back no other.
/// </summary>
public sealed partial class NotificationDispatcher(NpgsqlDataSource db, NotificationSignal signal, PagerDutySender pagerDuty, SlackSender slack,
    SignedWebhookSender webhook, IOptions<NotificationOptions> options, ILogger<NotificationDispatcher> logger) : BackgroundService
{
    public static readonly OutboundResult ChannelGone = OutboundResult.Failed(OutboundOutcome.Refused, "not sent: the channel was deleted");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await DispatchBatchAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogDatabaseUnavailable(logger, e);
            }
            // A full batch means more is due: go again at once.
            if (claimed < options.Value.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One batch in one transaction; a crash before commit releases the claims and the rows are sent again.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        List<PendingDelivery> due;
        using (SuppressInstrumentationScope.Begin())
        {
            due = (await connection.QueryAsync<PendingDelivery>(new CommandDefinition("""
                SELECT d.id, d.incident_id AS IncidentId, d.channel, d.action, d.payload::text AS Payload, d.attempts, c.type, c.url,
                    c.routing_key AS RoutingKey, c.secret
                FROM notification_deliveries d LEFT JOIN notification_channels c ON c.tenant_id = d.tenant_id AND c.name = d.channel
                WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                ORDER BY d.next_attempt_at LIMIT @limit
                FOR UPDATE OF d SKIP LOCKED
                """, new { limit = options.Value.BatchSize }, transaction, cancellationToken: cancellationToken))).AsList();
        }
        if (due.Count == 0)
        {
            return 0;
        }
        var results = await Task.WhenAll(due.Select(d => SendAsync(d, cancellationToken)));
        foreach (var (delivery, result) in due.Zip(results))
        {
            await RecordAsync(transaction, delivery, result, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private Task<OutboundResult> SendAsync(PendingDelivery delivery, CancellationToken cancellationToken) => delivery.Type switch
    {
        ChannelTypes.PagerDuty => pagerDuty.SendAsync(delivery, cancellationToken),
        ChannelTypes.Slack => slack.SendAsync(delivery, cancellationToken),
        ChannelTypes.Webhook => webhook.SendAsync(delivery, cancellationToken),
        _ => Task.FromResult(ChannelGone),
    };

    private async Task RecordAsync(NpgsqlTransaction transaction, PendingDelivery delivery, OutboundResult result, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var attempts = delivery.Attempts + 1;
        var status = result.Succeeded ? "delivered" : result.IsTransient && attempts < settings.MaxAttempts ? "pending" : "failed";
        var delay = TimeSpan.FromMilliseconds(Math.Min(TimeSpan.FromHours(1).TotalMilliseconds,
            settings.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, attempts - 1)));
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE notification_deliveries SET status = @status, attempts = @attempts, last_error = @error, next_attempt_at = now() + @delay,
                delivered_at = CASE WHEN @status = 'delivered' THEN now() END
            WHERE id = @id
            """, new { delivery.Id, status, attempts, error = result.Error, delay }, transaction, cancellationToken: cancellationToken));
        var detail = new { delivery.Channel, delivery.Type, delivery.Action, attempts, result.StatusCode, result.Error };
        if (status == "delivered")
        {
            await Timeline.AppendAsync(transaction, delivery.IncidentId, "notification_delivered", "channel:" + delivery.Channel,
                $"Notified {delivery.Channel} ({delivery.Type}): {delivery.Action}", detail, cancellationToken);
        }
        else if (status == "failed")
        {
            LogGaveUp(logger, delivery.Id, delivery.Channel, attempts, result.Error);
            await Timeline.AppendAsync(transaction, delivery.IncidentId, "notification_failed", "channel:" + delivery.Channel,
                $"Gave up notifying {delivery.Channel} of {delivery.Action} after {attempts} attempt(s): {result.Error}", detail, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Notification dispatcher cannot reach its database; retrying")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Gave up on notification {DeliveryId} to channel {Channel} after {Attempts} attempt(s): {Error}")]
    private static partial void LogGaveUp(ILogger logger, Guid deliveryId, string channel, int attempts, string? error);
}
