using System.Text.RegularExpressions;

namespace MlOps.Incident.Alerts;

/// <summary>What only the caller can decide about an Alertmanager notification (its body's own rules are AddValidation's).</summary>
public static partial class AlertmanagerChecks
{
    /// <summary>The label naming the tenant an alert of the platform's Alertmanager belongs to.</summary>
    public const string TenantLabel = "tenant";

    /// <summary>From the platform's Alertmanager every alert must name its tenant, since the caller is no tenant's; keyed as AddValidation keys.</summary>
    public static Dictionary<string, string[]> TenantProblems(AlertmanagerPayload payload)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < payload.Alerts!.Count; i++)
        {
            if (!TenantShape().IsMatch(payload.Alerts[i].Labels?.GetValueOrDefault(TenantLabel) ?? ""))
            {
                errors[$"alerts[{i}].labels.{TenantLabel}"] = ["the platform's Alertmanager must name the alert's tenant (1-64 letters, digits, '-' or '_')."];
            }
        }
        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TenantShape();
}
