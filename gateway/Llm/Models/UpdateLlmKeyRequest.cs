using System.ComponentModel.DataAnnotations;

namespace MlOps.Gateway.Llm.Models;

/// <summary>Changes a virtual key in place: its rate limits, and whether it is blocked (with why). Absent fields stay as they are.</summary>
public sealed record UpdateLlmKeyRequest(
    [Range(1, 10_000_000)] int? Rpm,
    [Range(1, 1_000_000_000)] int? Tpm,
    bool? Blocked,
    [StringLength(500)] string? Reason) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Rpm is null && Tpm is null && Blocked is null)
        {
            // The whole body is at fault: it changes nothing.
            yield return new("Send rpm, tpm, blocked or a combination.", ["body"]);
        }
        if (Reason is not null && Blocked != true)
        {
            yield return new("only with blocked: true.", [nameof(Reason)]);
        }
    }
}
