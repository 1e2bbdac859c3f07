using MlOps.Incident.Alerts;

namespace MlOps.Incident.Rules;

/// <summary>Decides an alert's routing from the tenant's rules: the first enabled rule that matches, else the defaults.</summary>
public static class RuleEngine
{
    public static AlertRouting Route(AlertSignal alert, IEnumerable<(AlertRule Rule, int Version)> rules, DateTimeOffset now)
    {
        foreach (var (rule, version) in rules.Where(r => r.Rule.Enabled).OrderBy(r => r.Rule.Priority).ThenBy(r => r.Rule.Name, StringComparer.Ordinal))
        {
            if (!Matches(rule.Match, alert))
            {
                continue;
            }
            var window = rule.Maintenance.FirstOrDefault(m => m.Start <= now && now < m.End);
            RuleDuration.TryParse(rule.ReopenWindow, out var reopen);
            return new AlertRouting
            {
                DedupKey = rule.DedupKey is { } template ? $"{rule.Name}:{DedupTemplate.Render(template, alert)}" : alert.DefaultDedupKey,
                Severity = rule.Severity ?? MapSeverity(rule, alert),
                Rule = $"{rule.Name}@{version}",
                Channels = rule.Channels,
                Runbook = rule.Runbook,
                ResolveWithSource = rule.AutoResolve.OnSourceResolved,
                ResolveWhenQuiet = RuleDuration.TryParse(rule.AutoResolve.AfterQuiet, out var quiet) ? quiet : null,
                ReopenWindow = reopen,
                SuppressedBy = window is null ? null : $"{rule.Name}: {window.Reason ?? "maintenance"} until {window.End:O}",
            };
        }
        return new AlertRouting { DedupKey = alert.DefaultDedupKey, Severity = alert.Severity };
    }

    private static bool Matches(RuleMatch match, AlertSignal alert) =>
        (match.EventTypes.Count == 0 || match.EventTypes.Contains(alert.EventType))
        && (match.Sources.Count == 0 || match.Sources.Contains(alert.Source))
        && (match.Severities.Count == 0 || match.Severities.Contains(SourceSeverity(alert)))
        && match.Labels.All(l => alert.Labels.TryGetValue(l.Key, out var value) && value == l.Value)
        && (match.HasLabels ?? []).All(alert.Labels.ContainsKey)
        && (match.Any is not { Count: > 0 } alternatives || alternatives.Any(a => Matches(a, alert)));

    private static string MapSeverity(AlertRule rule, AlertSignal alert) =>
        rule.SeverityMap is { } map && map.TryGetValue(SourceSeverity(alert), out var mapped) ? mapped : alert.Severity;

    /// <summary>The severity as the source wrote it: its "severity" label when it has one (Alertmanager's habit).</summary>
    private static string SourceSeverity(AlertSignal alert) => alert.Labels.GetValueOrDefault("severity") ?? alert.Severity;
}
