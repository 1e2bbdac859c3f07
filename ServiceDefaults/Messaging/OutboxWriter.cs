using System.Diagnostics;
using System.Text.Json;
using Dapper;
using MlOps.Contracts;
using Npgsql;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>Writes integration messages to the outbox table inside the caller's transaction, so state and event commit together.</summary>
public sealed class OutboxWriter
{
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public Task EnqueueAsync<T>(NpgsqlTransaction transaction, T message, CancellationToken cancellationToken) where T : IntegrationMessage =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO outbox_messages (id, message_type, payload, correlation_id, trace_parent) VALUES (@Id, @Type, @Payload::jsonb, @CorrelationId, @TraceParent)",
            new { message.Id, Type = typeof(T).FullName, Payload = JsonSerializer.Serialize(message, SerializerOptions), message.CorrelationId, TraceParent = Activity.Current?.Id },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Many messages of one type in one statement: for writers that batch (one round trip, not one per message).</summary>
    public Task EnqueueManyAsync<T>(NpgsqlTransaction transaction, IReadOnlyCollection<T> messages, CancellationToken cancellationToken) where T : IntegrationMessage =>
        messages.Count == 0 ? Task.CompletedTask : transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO outbox_messages (id, message_type, payload, correlation_id, trace_parent)
            SELECT id, @Type, payload::jsonb, correlation_id, @TraceParent FROM unnest(@Ids, @Payloads, @CorrelationIds) AS m(id, payload, correlation_id)
            """,
            new
            {
                Type = typeof(T).FullName, TraceParent = Activity.Current?.Id, Ids = messages.Select(m => m.Id).ToArray(),
                Payloads = messages.Select(m => JsonSerializer.Serialize(m, SerializerOptions)).ToArray(), CorrelationIds = messages.Select(m => m.CorrelationId).ToArray(),
            },
            transaction,
            cancellationToken: cancellationToken));
}
