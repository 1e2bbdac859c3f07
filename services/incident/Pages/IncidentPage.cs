using System.Text;
using MlOps.Incident.Postmortems;

namespace MlOps.Incident.Pages;

/// <summary>An incident on one page: status and severity, the timeline, runbook runs with their current step, and the postmortem.</summary>
public static class IncidentPage
{
    public static HtmlDocument Render(PostmortemFacts facts, PostmortemResponse? postmortem)
    {
        var incident = facts.Incident;
        var body = new StringBuilder();
        body.Append("<header><h1 id=\"title\">").Append(Html.Encode(incident.Title)).Append("</h1><p>")
            .Append($"<span class=\"badge\" id=\"status\">{Html.Encode(incident.Status)}</span>")
            .Append($"<span class=\"badge\" id=\"severity\">{Html.Encode(incident.Severity)}</span>")
            .Append($"<span class=\"badge\">source: {Html.Encode(incident.Source)}</span>")
            .Append($"<span class=\"badge\">opened {PostmortemTemplate.Time(incident.OpenedAt)} UTC</span></p>")
            .Append($"<p id=\"labels\">Labels: {Html.Encode(PostmortemTemplate.Labels(incident.Labels))}</p></header>");
        Timeline(body, facts.Timeline);
        Runbooks(body, facts.Runs);
        body.Append("<section class=\"postmortem\" id=\"postmortem\"><h2>Postmortem</h2>");
        body.Append(postmortem is null
            ? "<p>No postmortem yet: it is drafted once the incident resolves.</p>"
            : $"<p>Drafted by {Html.Encode(postmortem.DraftedBy)}{(postmortem.EditedBy is null ? "" : ", edited by " + Html.Encode(postmortem.EditedBy))}"
                + $", version {postmortem.Version}</p><article>{MarkdownHtml.ToHtml(postmortem.Markdown)}</article>");
        body.Append("</section>");
        return new HtmlDocument($"Incident: {incident.Title}", body.ToString());
    }

    private static void Timeline(StringBuilder body, IReadOnlyList<PostmortemFacts.TimelineRow> timeline)
    {
        body.Append("<section id=\"timeline\"><h2>Timeline</h2><table><thead><tr><th>Time (UTC)</th><th>Kind</th><th>Actor</th><th>What happened</th></tr>")
            .Append("</thead><tbody>");
        foreach (var entry in timeline)
        {
            body.Append("<tr class=\"timeline-entry\"><td>").Append(PostmortemTemplate.Time(entry.At)).Append("</td><td>").Append(Html.Encode(entry.Kind))
                .Append("</td><td>").Append(Html.Encode(entry.Actor)).Append("</td><td>").Append(Html.Encode(entry.Summary)).Append("</td></tr>");
        }
        body.Append("</tbody></table></section>");
    }

    private static void Runbooks(StringBuilder body, IReadOnlyList<PostmortemFacts.RunRow> runs)
    {
        body.Append("<section id=\"runbooks\"><h2>Runbook runs</h2>");
        if (runs.Count == 0)
        {
            body.Append("<p>No runbook ran.</p>");
        }
        foreach (var run in runs)
        {
            body.Append($"<div class=\"runbook-run\"><h3>{Html.Encode(run.Runbook)} v{run.Version}: {Html.Encode(run.Status)}</h3><ol>");
            foreach (var step in PostmortemTemplate.StepIds(run.Steps))
            {
                var current = step == run.StepId;
                body.Append(current ? "<li class=\"current\" aria-current=\"step\">" : "<li>").Append(Html.Encode(step))
                    .Append(current ? " ← current step" : "").Append("</li>");
            }
            body.Append("</ol>").Append(run.Error is null ? "" : $"<p>Error: {Html.Encode(run.Error)}</p>").Append("</div>");
        }
        body.Append("</section>");
    }
}
