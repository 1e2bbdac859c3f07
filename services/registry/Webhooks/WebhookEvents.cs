using System.Text.Json;
using Dapper;
using MlOps.Contracts;
using Npgsql;

namespace MlOps.Registry.Webhooks;

/// <summary>Queues a delivery of an event to every subscription of its tenant and type, in the event's own transaction.</summary>
public static class WebhookEvents
{
    public const string VersionRegistered = "model.version.registered";
    public const string AliasChanged = "model.alias.changed";
    public static readonly string[] All = [VersionRegistered, AliasChanged];

    public static Task QueueAsync(NpgsqlTransaction transaction, string eventType, IntegrationMessage message, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_deliveries (id, tenant_id, subscription_id, event_type, payload)
            SELECT gen_random_uuid(), s.tenant_id, s.id, @eventType, @payload::jsonb
            FROM webhook_subscriptions s
            WHERE s.tenant_id = @tenant AND s.deleted_at IS NULL AND @eventType = ANY(s.event_types)
            """,
            new
            {
                eventType, tenant = message.TenantId,
                payload = JsonSerializer.Serialize(new { type = eventType, id = message.Id, occurredAt = message.OccurredAt, data = (object)message }, JsonSerializerOptions.Web),
            },
            transaction, cancellationToken: cancellationToken));
}
