using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Alerts;

/// <summary>An alert sent to POST /v1/alerts by any tool: firing opens or joins an incident, resolved resolves it. Validated by AddValidation.</summary>
public sealed record GenericAlertRequest(
    [Required, StringLength(200, MinimumLength = 1)] string Title,
    [Required, AllowedValues("low", "medium", "high", "critical")] string Severity,
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")] string Source,
    [StringLength(255, MinimumLength = 1)] string? DedupKey = null,
    [AllowedValues("firing", "resolved")] string Status = "firing",
    [StringLength(4000)] string? Description = null,
    Dictionary<string, string>? Labels = null,
    [MaxLength(AlertLimits.MaxLinks, ErrorMessage = GenericAlertRequest.LinksRule)] List<AlertLink>? Links = null) : IValidatableObject
{
    private const string LinksRule = "at most 20 links.";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AlertLimits.LabelProblems(Labels, nameof(Labels)).Concat(AlertLimits.LinkProblems(Links, nameof(Links)));
}
