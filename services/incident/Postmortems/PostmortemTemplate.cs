using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlOps.Incident.Postmortems;

/// <summary>
/// The Google SRE postmortem template in Markdown: detection, resolution, durations, alerts, runbook steps and the timeline come
/// from the data; the narrative sections from <see cref="PostmortemNarrative"/>.
/// </summary>
public static class PostmortemTemplate
{
    public static string Render(PostmortemFacts facts, PostmortemNarrative narrative)
    {
        var incident = facts.Incident;
        var md = new StringBuilder();
        md.Append("# Postmortem: ").AppendLine(MarkdownText.Escape(incident.Title)).AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"**Incident** {incident.Id} · **Severity** {incident.Severity} · **Source** {MarkdownText.Escape(incident.Source)} · "
            + $"**Status** {incident.Status}");
        md.AppendLine();
        Section(md, "Summary", narrative.Summary);
        Section(md, "Impact", narrative.Impact);
        Section(md, "Root Causes", narrative.RootCauses);
        Section(md, "Trigger", Trigger(facts));
        Section(md, "Resolution", $"{MarkdownText.Escape(incident.Resolution ?? "(not resolved)")}\n\n{Durations(incident)}\n\n{Runbooks(facts)}");
        Section(md, "Detection", Detection(facts));
        Section(md, "Action Items", narrative.ActionItems);
        Section(md, "Lessons Learned", narrative.Lessons);
        md.AppendLine("## Timeline").AppendLine().AppendLine("| Time (UTC) | Kind | Actor | What happened |").AppendLine("|---|---|---|---|");
        foreach (var entry in facts.Timeline)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Time(entry.At)} | {MarkdownText.Escape(entry.Kind)} | {MarkdownText.Escape(entry.Actor)} | {MarkdownText.Escape(entry.Summary)} |");
        }
        return md.ToString();
    }

    private static void Section(StringBuilder md, string heading, string body) =>
        md.Append("## ").AppendLine(heading).AppendLine().AppendLine(body.Trim()).AppendLine();

    private static string Durations(PostmortemFacts.IncidentRow incident) =>
        $"- Time to acknowledge (MTTA): {Span(incident.OpenedAt, incident.AcknowledgedAt)}\n"
        + $"- Time to mitigate: {Span(incident.OpenedAt, incident.MitigatedAt)}\n"
        + $"- Time to resolve (MTTR): {Span(incident.OpenedAt, incident.ResolvedAt)}";

    private static string Runbooks(PostmortemFacts facts)
    {
        if (facts.Runs.Count == 0)
        {
            return "No runbook ran.";
        }
        var lines = facts.Runs.Select(run =>
        {
            var steps = StepIds(run.Steps);
            return $"- Runbook {MarkdownText.Escape(run.Runbook)} v{run.Version}: {run.Status}"
                + (run.StepId is null ? "" : $", at step {MarkdownText.Escape(run.StepId)}")
                + (steps.Count == 0 ? "" : $" (steps: {string.Join(" → ", steps.Select(MarkdownText.Escape))})")
                + (run.Error is null ? "" : $"; error: {MarkdownText.Escape(run.Error)}");
        });
        return string.Join('\n', lines);
    }

    private static string Trigger(PostmortemFacts facts) => facts.Timeline.Count == 0 ? PostmortemNarrative.ToBeWritten
        : $"{Time(facts.Timeline[0].At)}: {MarkdownText.Escape(facts.Timeline[0].Summary)} ({MarkdownText.Escape(facts.Timeline[0].Actor)})";

    private static string Detection(PostmortemFacts facts)
    {
        var incident = facts.Incident;
        var first = facts.Alerts.Count > 0 ? facts.Alerts[0].FirstAt : incident.OpenedAt;
        var received = facts.Alerts.Sum(a => a.Received);
        return $"- First signal: {Time(first)} from {MarkdownText.Escape(incident.Source)}\n"
            + $"- Alerts: {facts.Alerts.Count} distinct, {Math.Max(received, incident.AlertCount)} received\n"
            + $"- Labels: {MarkdownText.Escape(Labels(incident.Labels))}";
    }

    /// <summary>The step ids of a run's definition, in order.</summary>
    public static IReadOnlyList<string> StepIds(string stepsJson)
    {
        using var document = JsonDocument.Parse(stepsJson);
        return document.RootElement.ValueKind != JsonValueKind.Array ? []
            : [.. document.RootElement.EnumerateArray().Select(s => s.TryGetProperty("id", out var id) ? id.GetString() ?? "?" : "?")];
    }

    public static string Labels(string labelsJson)
    {
        using var document = JsonDocument.Parse(labelsJson);
        return document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.EnumerateObject().Any() ? "none"
            : string.Join(", ", document.RootElement.EnumerateObject()
                .Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}"));
    }

    private static string Span(DateTime from, DateTime? to) => to is { } end ? (end - from).ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture) : "n/a";

    public static string Time(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
