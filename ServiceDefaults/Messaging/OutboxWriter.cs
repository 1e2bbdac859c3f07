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
}
