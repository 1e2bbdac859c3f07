using Dapper;
using Npgsql;

namespace MlOps.Incident.Postmortems;

/// <summary>Everything a postmortem is built from, read in one go: the incident, its timeline, its alerts and its runbook runs.</summary>
public sealed record PostmortemFacts(PostmortemFacts.IncidentRow Incident, IReadOnlyList<PostmortemFacts.TimelineRow> Timeline,
    IReadOnlyList<PostmortemFacts.AlertRow> Alerts, IReadOnlyList<PostmortemFacts.RunRow> Runs)
{
    public sealed record IncidentRow(Guid Id, string TenantId, string Title, string Severity, string Source, string Status, DateTime OpenedAt,
        DateTime? AcknowledgedAt, DateTime? MitigatedAt, DateTime? ResolvedAt, string? Resolution, string? Description, string Labels, long AlertCount);

    public sealed record TimelineRow(DateTime At, string Kind, string Actor, string Summary);

    public sealed record AlertRow(string AlertKey, string Status, long Received, DateTime FirstAt);

    public sealed record RunRow(string Runbook, int Version, string Status, string? StepId, string Steps, DateTime CreatedAt, DateTime? FinishedAt,
        string? Error);

    /// <summary>The facts of the tenant's incident, or null when it has none of that id.</summary>
    public static async Task<PostmortemFacts?> LoadAsync(NpgsqlConnection connection, string tenant, Guid id, CancellationToken cancellationToken)
    {
        var incident = await connection.QuerySingleOrDefaultAsync<IncidentRow>(new CommandDefinition("""
            SELECT id, tenant_id AS TenantId, title, severity, source, status, opened_at AS OpenedAt, acknowledged_at AS AcknowledgedAt,
                mitigated_at AS MitigatedAt, resolved_at AS ResolvedAt, resolution, description, labels::text AS Labels, alert_count AS AlertCount
            FROM incidents WHERE id = @id AND tenant_id = @tenant
            """, new { id, tenant }, cancellationToken: cancellationToken));
        if (incident is null)
        {
            return null;
        }
        var timeline = await connection.QueryAsync<TimelineRow>(new CommandDefinition(
            "SELECT at, kind, actor, summary FROM incident_timeline WHERE incident_id = @id ORDER BY id", new { id }, cancellationToken: cancellationToken));
        var alerts = await connection.QueryAsync<AlertRow>(new CommandDefinition(
            "SELECT alert_key AS AlertKey, status, received, first_at AS FirstAt FROM incident_alerts WHERE incident_id = @id ORDER BY first_at",
            new { id }, cancellationToken: cancellationToken));
        var runs = await connection.QueryAsync<RunRow>(new CommandDefinition("""
            SELECT runbook, version, status, step_id AS StepId, COALESCE(definition -> 'steps', '[]')::text AS Steps, created_at AS CreatedAt,
                finished_at AS FinishedAt, error
            FROM runbook_runs WHERE incident_id = @id ORDER BY created_at
            """, new { id }, cancellationToken: cancellationToken));
        return new PostmortemFacts(incident, timeline.AsList(), alerts.AsList(), runs.AsList());
    }
}
