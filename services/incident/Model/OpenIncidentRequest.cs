using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Model;

/// <summary>A person or tool opening an incident by hand.</summary>
public sealed record OpenIncidentRequest(
    [Required, StringLength(200, MinimumLength = 1)] string Title,
    [Required, AllowedValues("low", "medium", "high", "critical")] string Severity);
