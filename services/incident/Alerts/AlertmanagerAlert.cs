using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Alerts;

/// <summary>One alert of an Alertmanager notification; AddValidation reports its problems under alerts[i].</summary>
public sealed record AlertmanagerAlert(
    [AllowedValues("firing", "resolved", ErrorMessage = "'firing' or 'resolved'.")] string? Status,
    Dictionary<string, string>? Labels, Dictionary<string, string>? Annotations, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    string? GeneratorUrl,
    [Required(ErrorMessage = AlertmanagerAlert.FingerprintRule), StringLength(128, MinimumLength = 1, ErrorMessage = AlertmanagerAlert.FingerprintRule)]
    string? Fingerprint) : IValidatableObject
{
    private const string FingerprintRule = "required (Alertmanager's identity of the alert), at most 128 characters.";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AlertLimits.LabelProblems(Labels, nameof(Labels)).Concat(AlertLimits.LabelProblems(Annotations, nameof(Annotations)));
}
