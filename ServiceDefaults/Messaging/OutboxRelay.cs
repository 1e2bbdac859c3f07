using System.Diagnostics;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using Npgsql;
using OpenTelemetry;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>
/// Publishes pending outbox rows and marks them sent. Rows are claimed with FOR UPDATE SKIP LOCKED inside a
/// transaction, so a relay that crashes releases its claim and the rows are re-sent by the next relay
/// (at-least-once; the consumers' inbox makes that exactly-once in effect). Failures back off exponentially.
/// </summary>
public sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource,
    IBus bus,
    IOptions<OutboxOptions> options,
    OutboxMetrics metrics,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("MlOps.Outbox");

    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RelayEnabled)
        {
            LogDisabled(logger);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var published = 0;
            try
            {
                published = await RelayBatchAsync(settings, stoppingToken);
                await CleanupSentAsync(settings, stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogDatabaseUnavailable(logger, e);
            }
            // A full batch means more is waiting: go again at once.
            if (published < settings.BatchSize)
            {
                await Task.Delay(settings.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> RelayBatchAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        List<OutboxRow> rows;
        // Polling and bookkeeping stay out of the traces (several polls a second per service); publishes do not.
        using (SuppressInstrumentationScope.Begin())
        {
            rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            """
                SELECT id, message_type AS MessageType, payload::text AS Payload, correlation_id AS CorrelationId, attempts, trace_parent AS TraceParent
                FROM outbox_messages
                WHERE sent_at IS NULL AND next_attempt_at <= now()
                ORDER BY created_at
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
                """, new { limit = settings.BatchSize }, transaction, cancellationToken: cancellationToken))).ToList();
        }

        var sent = new List<Guid>(rows.Count);
        var failed = new List<(OutboxRow Row, string Error)>();
        foreach (var row in rows)
        {
            try
            {
                await PublishAsync(row, cancellationToken);
                sent.Add(row.Id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                metrics.Failed();
                LogPublishFailed(logger, row.Id, row.MessageType, e);
                failed.Add((row, e.Message));
            }
        }

        using var untracedBookkeeping = SuppressInstrumentationScope.Begin();
        foreach (var (row, error) in failed)
        {
            var delay = TimeSpan.FromMilliseconds(Math.Min(settings.MaxRetryDelay.TotalMilliseconds, settings.MinRetryDelay.TotalMilliseconds * Math.Pow(2, row.Attempts)));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE outbox_messages SET attempts = attempts + 1, last_error = @error, next_attempt_at = now() + @delay WHERE id = @id",
                new { id = row.Id, error, delay }, transaction, cancellationToken: cancellationToken));
        }
        if (sent.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE outbox_messages SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY(@ids)",
                new { ids = sent.ToArray() }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        metrics.Sent(sent.Count);
        return rows.Count;
    }

    private async Task PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        // The publish continues the trace of the request that wrote the row, however much later it happens.
        var parent = ActivityContext.TryParse(row.TraceParent, null, out var context) ? context : default;
        using var activity = ActivitySource.StartActivity($"outbox relay {row.MessageType}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.Id);
        var type = typeof(IntegrationMessage).Assembly.GetType(row.MessageType)
            ?? throw new InvalidOperationException($"Unknown message type {row.MessageType}.");
        var message = JsonSerializer.Deserialize(row.Payload, type, OutboxWriter.SerializerOptions)!;
        await bus.Publish(message, type, context =>
        {
            // The outbox id becomes the broker message id, which is what the inbox deduplicates on.
            context.MessageId = row.Id;
            context.CorrelationId = row.CorrelationId;
        }, cancellationToken);
    }

    private async Task CleanupSentAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow < _nextCleanup)
        {
            return;
        }
        _nextCleanup = DateTimeOffset.UtcNow.AddMinutes(10);
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM outbox_messages WHERE sent_at < now() - @retention", new { retention = settings.SentRetention }, cancellationToken: cancellationToken));
    }

    private sealed record OutboxRow(Guid Id, string MessageType, string Payload, Guid CorrelationId, int Attempts, string? TraceParent);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Outbox relay is disabled; pending messages stay in the outbox")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Publishing outbox message {MessageId} of type {MessageType} failed; it will be retried")]
    private static partial void LogPublishFailed(ILogger logger, Guid messageId, string messageType, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Outbox relay cannot reach its database; retrying")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);
}
