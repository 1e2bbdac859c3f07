using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Alerts;

/// <summary>The body Alertmanager's webhook receiver posts (version 4); validated by AddValidation, each alert by its own rules.</summary>
public sealed record AlertmanagerPayload(
    [AllowedValues("4", ErrorMessage = AlertmanagerPayload.VersionRule)] string? Version,
    string? GroupKey, string? Status, string? Receiver,
    [Required(ErrorMessage = AlertmanagerPayload.AtLeastOne), MinLength(1, ErrorMessage = AlertmanagerPayload.AtLeastOne),
     MaxLength(AlertLimits.MaxAlertmanagerAlerts, ErrorMessage = AlertmanagerPayload.AtMost)]
    List<AlertmanagerAlert>? Alerts,
    Dictionary<string, string>? GroupLabels, Dictionary<string, string>? CommonLabels, Dictionary<string, string>? CommonAnnotations,
    string? ExternalUrl, int TruncatedAlerts) : IValidatableObject
{
    private const string VersionRule = "Alertmanager's webhook sends version \"4\"; no other version is supported.";
    private const string AtLeastOne = "at least one alert.";
    private const string AtMost = "at most 1000 per notification (set max_alerts on the receiver).";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A null entry passes the per-alert rules (there is nothing to check), so it is named here.
        for (var i = 0; i < (Alerts?.Count ?? 0); i++)
        {
            if (Alerts![i] is null)
            {
                yield return new("an alert object.", [$"alerts[{i}]"]);
            }
        }
    }
}
