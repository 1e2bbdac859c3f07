using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry.Model;

/// <summary>Registering a new model name.</summary>
public sealed record CreateModelRequest(
    [Required, StringLength(128, MinimumLength = 1)] string Name,
    [StringLength(4000)] string? Description,
    Dictionary<string, string>? Tags);
