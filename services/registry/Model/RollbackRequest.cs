using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry.Model;

/// <summary>Why champion goes back; with FromVersion only if champion is still that version (so retries change nothing).</summary>
public sealed record RollbackRequest([Required, StringLength(500, MinimumLength = 1)] string Reason, int? FromVersion);
