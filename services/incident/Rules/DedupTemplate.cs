using System.Text.RegularExpressions;
using MlOps.Incident.Alerts;

namespace MlOps.Incident.Rules;

/// <summary>Renders a rule's dedup key template ("drift:{{labels.model}}") for an alert; an absent label renders empty.</summary>
public static partial class DedupTemplate
{
    /// <summary>The first placeholder that is not one of {{source}}, {{event}}, {{alert}}, {{title}}, {{labels.NAME}}; null when all are.</summary>
    public static string? UnknownPlaceholder(string template)
    {
        foreach (Match match in Placeholder().Matches(template))
        {
            var name = match.Groups[1].Value;
            if (name is not ("source" or "event" or "alert" or "title") && !(name.StartsWith("labels.", StringComparison.Ordinal) && name.Length > 7))
            {
                return match.Value;
            }
        }
        return template.Contains("{{", StringComparison.Ordinal) && Placeholder().Matches(template).Count != Count(template) ? "{{" : null;
    }

    public static string Render(string template, AlertSignal alert) => Placeholder().Replace(template, match => match.Groups[1].Value switch
    {
        "source" => alert.Source,
        "event" => alert.EventType,
        "alert" => alert.AlertKey,
        "title" => alert.Title,
        var name => alert.Labels.GetValueOrDefault(name["labels.".Length..]) ?? "",
    });

    /// <summary>Whether the text holds a placeholder at all.</summary>
    public static bool HasPlaceholder(string text) => Placeholder().IsMatch(text);

    /// <summary>The first placeholder that is not {{labels.NAME}} (all a runbook can be filled with); null when all are.</summary>
    public static string? UnknownLabelPlaceholder(string template) =>
        Placeholder().Matches(template).FirstOrDefault(m => !(m.Groups[1].Value.StartsWith("labels.", StringComparison.Ordinal) && m.Groups[1].Length > 7))?.Value;

    /// <summary>Fills {{labels.NAME}} from the labels; the names of labels that were absent come back in <paramref name="missing"/>.</summary>
    public static string RenderLabels(string template, IReadOnlyDictionary<string, string> labels, ICollection<string> missing) =>
        Placeholder().Replace(template, match =>
        {
            var name = match.Groups[1].Value["labels.".Length..];
            if (labels.TryGetValue(name, out var value) && value.Length > 0)
            {
                return value;
            }
            missing.Add(name);
            return "";
        });

    private static int Count(string template)
    {
        var count = 0;
        for (var at = template.IndexOf("{{", StringComparison.Ordinal); at >= 0; at = template.IndexOf("{{", at + 2, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
