namespace MlOps.Incident.Model;

/// <summary>An incident as the API returns it.</summary>
public sealed record IncidentResponse(Guid Id, string Title, string Severity, string Source, string Status, DateTime OpenedAt, DateTime? ResolvedAt,
    string? Resolution, string? DedupKey, string? Description, long AlertCount, DateTime? LastAlertAt, DateTime? AcknowledgedAt, DateTime? MitigatedAt,
    string? Assignee, string? Rule, string? Runbook, System.Text.Json.JsonElement Channels)
{
    public const string SelectFrom = """
        SELECT id, title, severity, source, status, opened_at AS OpenedAt, resolved_at AS ResolvedAt, resolution, dedup_key AS DedupKey, description,
            alert_count AS AlertCount, last_alert_at AS LastAlertAt, acknowledged_at AS AcknowledgedAt, mitigated_at AS MitigatedAt, assignee, rule,
            runbook, to_jsonb(channels) AS channels FROM incidents
        """;
}

/// <summary>One entry of an incident's timeline.</summary>
public sealed record TimelineEntry(long Id, DateTime At, string Kind, string Actor, string Summary, System.Text.Json.JsonElement? Detail);
