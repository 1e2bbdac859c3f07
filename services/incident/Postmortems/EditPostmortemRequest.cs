using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Postmortems;

/// <summary>A person's edit: the whole Markdown text.</summary>
public sealed record EditPostmortemRequest([Required, StringLength(100_000, MinimumLength = 1)] string Markdown);
