using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry.Model;

/// <summary>Changing a model's description or replacing its tags; absent fields stay as they are.</summary>
public sealed record UpdateModelRequest([StringLength(4000)] string? Description, Dictionary<string, string>? Tags);
