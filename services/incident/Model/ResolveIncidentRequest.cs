using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Model;

/// <summary>How an incident was resolved.</summary>
public sealed record ResolveIncidentRequest([Required, StringLength(2000, MinimumLength = 1)] string Resolution);
