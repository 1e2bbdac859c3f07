using System.Security.Cryptography;
using System.Text;

namespace MlOps.Incident.Alerts;

/// <summary>Turns what each intake receives into an <see cref="AlertSignal"/>, with its default dedup key.</summary>
public static class AlertSignals
{
    public static AlertSignal FromApi(string tenant, GenericAlertRequest request)
    {
        // Without a key, the same title from the same source is the same problem.
        var key = request.DedupKey ?? "title-" + Digest(request.Title);
        return new AlertSignal
        {
            Tenant = tenant, Source = request.Source, EventType = EventTypes.Api, AlertKey = key, DefaultDedupKey = $"api:{request.Source}:{key}",
            Firing = request.Status != "resolved", Title = request.Title, Severity = request.Severity, Description = request.Description,
            Labels = request.Labels ?? [], Links = request.Links ?? [],
        };
    }

    public static AlertSignal FromAlertmanager(string tenant, AlertmanagerAlert alert, string? externalUrl)
    {
        var labels = alert.Labels ?? [];
        var annotations = alert.Annotations ?? [];
        var links = new List<AlertLink>();
        if (AlertLimits.IsWebAddress(alert.GeneratorUrl))
        {
            links.Add(new AlertLink(alert.GeneratorUrl!, "Source"));
        }
        if (annotations.GetValueOrDefault("runbook_url") is { } runbook && AlertLimits.IsWebAddress(runbook))
        {
            links.Add(new AlertLink(runbook, "Runbook"));
        }
        if (AlertLimits.IsWebAddress(externalUrl))
        {
            links.Add(new AlertLink(externalUrl!, "Alertmanager"));
        }
        var name = labels.GetValueOrDefault("alertname") ?? "alert";
        // An objective's page and ticket alerts are one problem: one incident per objective, resolved when both are.
        var slo = name == Slos.SloQueries.BurnAlertName ? labels.GetValueOrDefault("slo") : null;
        return new AlertSignal
        {
            Tenant = tenant, Source = "alertmanager", EventType = slo is null ? EventTypes.Alertmanager : EventTypes.SloBurn, AlertKey = alert.Fingerprint!,
            DefaultDedupKey = slo is null ? "alertmanager:" + alert.Fingerprint : "slo_burn:" + slo, Firing = alert.Status == "firing",
            Title = Clip(annotations.GetValueOrDefault("summary") is { Length: > 0 } summary ? $"{name}: {summary}" : name, 200),
            Severity = AlertmanagerSeverity(labels.GetValueOrDefault("severity")),
            Description = annotations.GetValueOrDefault("description") is { } description ? Clip(description, 4000) : null,
            Labels = labels, Links = links,
        };
    }

    /// <summary>Prometheus rules' usual severity labels, mapped to ours; a rule's severityMap overrides.</summary>
    public static string AlertmanagerSeverity(string? label) => label?.ToLowerInvariant() switch
    {
        "critical" or "page" or "p1" => "critical",
        "error" or "high" or "major" or "p2" => "high",
        "info" or "low" or "none" or "p4" or "p5" => "low",
        _ => "medium",
    };

    public static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
