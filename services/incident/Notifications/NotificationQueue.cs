using Dapper;
using Npgsql;

namespace MlOps.Incident.Notifications;

/// <summary>
/// Queues one delivery per channel of an incident in the caller's transaction, so a notification exists exactly when its change
/// does; the NOTIFY (sent at commit) wakes the dispatcher of whichever replica listens.
/// </summary>
public static class NotificationQueue
{
    public const string Channel = "incident_notifications";

    public const string Trigger = "trigger";
    public const string Acknowledge = "acknowledge";
    public const string Resolve = "resolve";

    /// <summary>The action a status change notifies, or null when it notifies nothing (mitigated).</summary>
    public static string? ForStatus(string status) => status switch
    {
        "open" => Trigger,
        "acknowledged" => Acknowledge,
        "resolved" => Resolve,
        _ => null,
    };

    /// <param name="note">A message for the people notified (a runbook's notify step), carried in the payload as "note".</param>
    public static async Task EnqueueAsync(NpgsqlTransaction transaction, Guid incident, string? action, CancellationToken cancellationToken, string? note = null)
    {
        if (action is null)
        {
            return;
        }
        // The payload is the incident as it is now: a later change is its own delivery.
        var connection = transaction.Connection!;
        var queued = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO notification_deliveries (id, tenant_id, incident_id, channel, action, payload)
            SELECT gen_random_uuid(), i.tenant_id, i.id, c.name, @action, jsonb_build_object(
                'id', i.id, 'title', i.title, 'severity', i.severity, 'status', i.status, 'source', i.source, 'description', i.description,
                'dedupKey', i.dedup_key, 'rule', i.rule, 'runbook', i.runbook, 'labels', i.labels, 'links', i.links, 'assignee', i.assignee,
                'alertCount', i.alert_count, 'openedAt', i.opened_at, 'acknowledgedAt', i.acknowledged_at, 'resolvedAt', i.resolved_at,
                'resolution', i.resolution, 'note', @note)
            FROM incidents i CROSS JOIN LATERAL (SELECT DISTINCT unnest(i.channels) AS name) c
            WHERE i.id = @incident
            """, new { incident, action, note }, transaction, cancellationToken: cancellationToken));
        if (queued > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, '')", new { channel = Channel }, transaction,
                cancellationToken: cancellationToken));
        }
    }
}
