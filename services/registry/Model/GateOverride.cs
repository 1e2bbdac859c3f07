using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry.Model;

/// <summary>An admin's explicit decision to move champion past failing gate checks, and why (kept in the audit log); validated by AddValidation.</summary>
public sealed record GateOverride(
    [Required(ErrorMessage = GateOverride.ReasonRule), StringLength(GateOverride.MaxReasonLength, ErrorMessage = GateOverride.ReasonRule)] string? Reason)
{
    public const int MaxReasonLength = 500;

    private const string ReasonRule = "An override needs a reason of 1-500 characters; it is kept in the audit log.";
}
