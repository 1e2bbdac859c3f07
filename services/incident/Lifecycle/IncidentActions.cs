using Dapper;
using MlOps.Incident.Notifications;
using MlOps.Incident.Services;
using Npgsql;

namespace MlOps.Incident.Lifecycle;

/// <summary>What people (and runbooks) do to an incident: acknowledge, mitigate, reopen, assign, change severity, add notes.</summary>
public sealed class IncidentActions(IncidentMetrics metrics)
{
    /// <summary>Moves an incident to <paramref name="status"/> from one of <paramref name="from"/>; null when it is not in one of them.</summary>
    public async Task<bool> TransitionAsync(NpgsqlTransaction transaction, string tenant, Guid id, string status, string[] from, string actor,
        string? note, CancellationToken cancellationToken)
    {
        var stamp = status switch
        {
            "acknowledged" => ", acknowledged_at = now()",
            "mitigated" => ", mitigated_at = now(), acknowledged_at = coalesce(acknowledged_at, now())",
            "open" => ", resolved_at = NULL, resolution = NULL, acknowledged_at = NULL, mitigated_at = NULL",
            _ => "",
        };
        var changed = await transaction.Connection!.QuerySingleOrDefaultAsync<(DateTime OpenedAt, DateTime? AcknowledgedAt, bool FirstAck)?>(
            new CommandDefinition($"""
                UPDATE incidents i SET status = @status, updated_at = now(){stamp}
                FROM (SELECT id, acknowledged_at IS NULL AS unacknowledged FROM incidents WHERE id = @id AND tenant_id = @tenant FOR UPDATE) before
                WHERE i.id = before.id AND i.status = ANY(@from)
                RETURNING i.opened_at, i.acknowledged_at, before.unacknowledged
                """, new { id, tenant, status, from }, transaction, cancellationToken: cancellationToken));
        if (changed is not { } row)
        {
            return false;
        }
        if (row.FirstAck && row.AcknowledgedAt is { } acknowledgedAt)
        {
            metrics.Acknowledged(tenant, acknowledgedAt - row.OpenedAt);
        }
        await Timeline.AppendAsync(transaction, id, status, actor, note is null ? $"Status: {status}" : $"Status: {status} — {note}", null, cancellationToken);
        await NotificationQueue.EnqueueAsync(transaction, id, NotificationQueue.ForStatus(status), cancellationToken);
        return true;
    }

    public async Task<bool> AssignAsync(NpgsqlTransaction transaction, string tenant, Guid id, string? assignee, string actor, CancellationToken cancellationToken)
    {
        var updated = await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "UPDATE incidents SET assignee = @assignee, updated_at = now() WHERE id = @id AND tenant_id = @tenant",
            new { id, tenant, assignee }, transaction, cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return false;
        }
        await Timeline.AppendAsync(transaction, id, "assigned", actor, assignee is null ? "Unassigned" : $"Assigned to {assignee}", null, cancellationToken);
        return true;
    }

    public async Task<bool> SetSeverityAsync(NpgsqlTransaction transaction, string tenant, Guid id, string severity, string actor, CancellationToken cancellationToken)
    {
        var previous = await transaction.Connection!.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            UPDATE incidents i SET severity = @severity, updated_at = now()
            FROM (SELECT id, severity FROM incidents WHERE id = @id AND tenant_id = @tenant FOR UPDATE) before
            WHERE i.id = before.id RETURNING before.severity
            """, new { id, tenant, severity }, transaction, cancellationToken: cancellationToken));
        if (previous is null)
        {
            return false;
        }
        await Timeline.AppendAsync(transaction, id, "severity", actor, $"Severity {previous} → {severity}", null, cancellationToken);
        return true;
    }

    public async Task<bool> AddNoteAsync(NpgsqlTransaction transaction, string tenant, Guid id, string text, string actor, CancellationToken cancellationToken)
    {
        var exists = await IncidentLookup.ExistsAsync(transaction.Connection!, transaction, id, tenant, cancellationToken);
        if (exists)
        {
            await Timeline.AppendAsync(transaction, id, "note", actor, text, null, cancellationToken);
        }
        return exists;
    }
}
