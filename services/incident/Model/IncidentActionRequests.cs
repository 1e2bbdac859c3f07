using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Model;

/// <summary>A status change with an optional note for the timeline.</summary>
public sealed record IncidentActionRequest([StringLength(2000)] string? Note = null);

public sealed record AssignIncidentRequest([StringLength(200)] string? Assignee);

public sealed record SetSeverityRequest([Required, AllowedValues("low", "medium", "high", "critical")] string Severity);

public sealed record AddNoteRequest([Required, StringLength(4000, MinimumLength = 1)] string Text);
