using MlOps.Incident.Alerts;
using MlOps.Incident.Model;

namespace MlOps.Incident.Rules;

/// <summary>Checks a rule before it is stored; the error names the field at fault.</summary>
public static class RuleValidator
{
    public const int MaxChannels = 10;
    public const int MaxMaintenanceWindows = 50;

    public static string? Validate(AlertRule rule)
    {
        if (!ResourceNames.IsValid(rule.Name))
        {
            return "name: 1–64 characters, lower-case letters, digits, '-' and '_', starting with a letter or digit.";
        }
        if (rule.Priority is < 0 or > 10_000)
        {
            return "priority: between 0 and 10000 (lower is tried first).";
        }
        if (rule.Match is null)
        {
            return "match: required (an empty object matches every alert).";
        }
        if (CheckMatch(rule.Match, "match", nested: false) is { } badMatch)
        {
            return badMatch;
        }
        if (rule.DedupKey is { } template && (template.Length is 0 or > 500 || DedupTemplate.UnknownPlaceholder(template) is not null))
        {
            return $"dedupKey: 1–500 characters with placeholders {{{{source}}}}, {{{{event}}}}, {{{{alert}}}}, {{{{title}}}} or {{{{labels.NAME}}}}"
                + (DedupTemplate.UnknownPlaceholder(template) is { } bad ? $"; '{bad}' is not one." : ".");
        }
        if (rule.Severity is { } severity && !Severity.IsKnown(severity))
        {
            return $"severity: '{severity}' is not one of {string.Join(", ", Severity.All)}.";
        }
        if (rule.SeverityMap?.FirstOrDefault(m => !Severity.IsKnown(m.Value)) is { Key: not null } badMap)
        {
            return $"severityMap.{badMap.Key}: '{badMap.Value}' is not one of {string.Join(", ", Severity.All)}.";
        }
        if (rule.Channels.Count > MaxChannels || rule.Channels.Any(c => !ResourceNames.IsValid(c)))
        {
            return $"channels: at most {MaxChannels} channel names (lower-case letters, digits, '-' and '_').";
        }
        if (rule.Runbook is { } runbook && !ResourceNames.IsValid(runbook))
        {
            return "runbook: a runbook name (lower-case letters, digits, '-' and '_').";
        }
        if (rule.AutoResolve?.AfterQuiet is { } quiet && !RuleDuration.TryParse(quiet, out _))
        {
            return $"autoResolve.afterQuiet: '{quiet}' is not a duration such as 30s, 10m or 6h.";
        }
        if (rule.ReopenWindow is { } reopen && !RuleDuration.TryParse(reopen, out _))
        {
            return $"reopenWindow: '{reopen}' is not a duration such as 30s, 10m or 6h.";
        }
        if (rule.Maintenance.Count > MaxMaintenanceWindows)
        {
            return $"maintenance: at most {MaxMaintenanceWindows} windows.";
        }
        for (var i = 0; i < rule.Maintenance.Count; i++)
        {
            if (rule.Maintenance[i] is not { } window || window.End <= window.Start)
            {
                return $"maintenance[{i}]: needs start and an end after it.";
            }
        }
        return null;
    }

    private static string? CheckMatch(RuleMatch match, string path, bool nested)
    {
        for (var i = 0; i < match.EventTypes.Count; i++)
        {
            if (!EventTypes.All.Contains(match.EventTypes[i]))
            {
                return $"{path}.eventTypes[{i}]: unknown event type '{match.EventTypes[i]}'; known: {string.Join(", ", EventTypes.All.Order())}.";
            }
        }
        if (match.HasLabels is { } names && (names.Count > 20 || names.Any(l => l is not { Length: > 0 and <= 128 })))
        {
            return $"{path}.hasLabels: at most 20 label names of 1–128 characters.";
        }
        if (match.Any is not { Count: > 0 } alternatives)
        {
            return null;
        }
        if (nested || alternatives.Count > RuleMatch.MaxAlternatives)
        {
            return nested ? $"{path}.any: alternatives cannot nest." : $"{path}.any: at most {RuleMatch.MaxAlternatives} alternatives.";
        }
        for (var i = 0; i < alternatives.Count; i++)
        {
            if (alternatives[i] is null)
            {
                return $"{path}.any[{i}]: a match object is required.";
            }
            if (CheckMatch(alternatives[i], $"{path}.any[{i}]", nested: true) is { } problem)
            {
                return problem;
            }
        }
        return null;
    }
}
