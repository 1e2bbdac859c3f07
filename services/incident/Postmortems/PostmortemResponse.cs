namespace MlOps.Incident.Postmortems;

/// <summary>A postmortem as the API returns it; <see cref="DraftedBy"/> is "llm" or "template".</summary>
public sealed record PostmortemResponse(Guid IncidentId, string Markdown, string DraftedBy, string? EditedBy, int Version, DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public const string SelectFrom = """
        SELECT incident_id AS IncidentId, markdown, drafted_by AS DraftedBy, edited_by AS EditedBy, version, created_at AS CreatedAt,
            updated_at AS UpdatedAt FROM postmortems
        """;
}
