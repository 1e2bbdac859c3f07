namespace MlOps.Incident.Model;

/// <summary>An incident as the API returns it.</summary>
public sealed record IncidentResponse(Guid Id, string Title, string Severity, string Source, string Status, DateTime OpenedAt, DateTime? ResolvedAt, string? Resolution)
{
    public const string SelectFrom =
        "SELECT id, title, severity, source, status, opened_at AS OpenedAt, resolved_at AS ResolvedAt, resolution FROM incidents";
}
