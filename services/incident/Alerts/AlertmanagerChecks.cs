using System.Text.RegularExpressions;

namespace MlOps.Incident.Alerts;

/// <summary>Checks an Alertmanager notification before any of it is applied; the error names the field.</summary>
public static partial class AlertmanagerChecks
{
    /// <summary>The label naming the tenant an alert of the platform's Alertmanager belongs to.</summary>
    public const string TenantLabel = "tenant";

    /// <summary>From the platform's Alertmanager every alert must name its tenant, since the caller is no tenant's.</summary>
    public static string? TenantProblem(AlertmanagerPayload payload)
    {
        for (var i = 0; i < payload.Alerts!.Count; i++)
        {
            if (!TenantShape().IsMatch(payload.Alerts[i].Labels?.GetValueOrDefault(TenantLabel) ?? ""))
            {
                return $"alerts[{i}].labels.tenant: the platform's Alertmanager must name the alert's tenant (1-64 letters, digits, '-' or '_').";
            }
        }
        return null;
    }

    public static string? Problem(AlertmanagerPayload payload)
    {
        if (payload.Version != "4")
        {
            return $"version: '{payload.Version}' is not supported; Alertmanager's webhook sends version \"4\".";
        }
        if (payload.Alerts is not { Count: > 0 } alerts)
        {
            return "alerts: at least one alert.";
        }
        if (alerts.Count > AlertLimits.MaxAlertmanagerAlerts)
        {
            return $"alerts: at most {AlertLimits.MaxAlertmanagerAlerts} per notification (set max_alerts on the receiver).";
        }
        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            if (alert is null)
            {
                return $"alerts[{i}]: an alert object.";
            }
            if (alert.Status is not ("firing" or "resolved"))
            {
                return $"alerts[{i}].status: 'firing' or 'resolved', not '{alert.Status}'.";
            }
            if (alert.Fingerprint is not { Length: > 0 and <= 128 })
            {
                return $"alerts[{i}].fingerprint: required (Alertmanager's identity of the alert), at most 128 characters.";
            }
            if ((AlertLimits.CheckLabels(alert.Labels, $"alerts[{i}].labels") ?? AlertLimits.CheckLabels(alert.Annotations, $"alerts[{i}].annotations")) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TenantShape();
}
