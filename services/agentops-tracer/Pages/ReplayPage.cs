using System.Globalization;
using System.Text;
using MlOps.AgentOpsTracer.Model;

namespace MlOps.AgentOpsTracer.Pages;

/// <summary>
/// A replay as a page: totals, then a waterfall with one row per step (its bar on the replay's time line, indented by depth),
/// its tokens and cost, and its input and output folded under details elements.
/// </summary>
public static class ReplayPage
{
    private const int MaxIndent = 12;
    // Bars are SVG shapes placed by attributes: the policy allows no inline style.
    private const int Width = 1000;

    // Indentation by depth, as classes: the policy allows no inline style.
    private static readonly string IndentStyles = string.Concat(Enumerable.Range(0, MaxIndent + 1)
        .Select(d => string.Create(CultureInfo.InvariantCulture, $".depth-{d}{{padding-left:{0.4 + d * 1.1:0.0}rem}}")));

    private static readonly string Style = """
        body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:80rem;padding:0 1rem;color:#1b1f24}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.25rem .4rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa;position:sticky;top:0}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        .badge{display:inline-block;padding:.05rem .45rem;border-radius:.4rem;background:#eaeef2;margin-right:.35rem;font-size:.85em}
        .timeline{width:22rem}.timeline svg{width:100%;height:.8rem;display:block;background:#f6f8fa}.timeline small{color:#57606a}
        rect{fill:#8c959f}.type-generation rect{fill:#0969da}.type-tool rect{fill:#bf8700}.type-agent rect{fill:#8250df}
        .type-retrieval rect{fill:#1a7f37}.type-embedding rect{fill:#1b7c83}.status-error rect{fill:#cf222e}
        .status-error .name{color:#cf222e}pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:.4rem;margin:.2rem 0;max-height:24rem;overflow:auto}
        details summary{cursor:pointer;color:#0969da;font-size:.85em}.notice{background:#fff8c5;padding:.4rem}
        """ + IndentStyles;

    public static HtmlPage Render(ReplayResponse replay)
    {
        var title = $"{(replay.Kind == "session" ? "Session" : "Trace")} {replay.Id}";
        var body = new StringBuilder(256 + replay.Steps.Count * 600);
        body.Append("<header><h1 id=\"title\">").Append(HtmlPage.Encode(title)).Append("</h1><p id=\"totals\">")
            .Append($"<span class=\"badge\" id=\"steps\">{replay.StepCount} steps</span>")
            .Append($"<span class=\"badge\" id=\"tokens\">{replay.InputTokens} in / {replay.OutputTokens} out tokens</span>")
            .Append($"<span class=\"badge\" id=\"cost\">cost {Cost(replay.TotalCost, replay.Priced)}</span>")
            .Append($"<span class=\"badge\" id=\"duration\">{Milliseconds(replay.DurationMs)}</span>")
            .Append($"<span class=\"badge\" id=\"errors\">{replay.ErrorCount} errors</span>")
            .Append($"<span class=\"badge\">from {replay.StartTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} UTC</span></p>");
        if (replay.Truncated)
        {
            body.Append("<p class=\"notice\" id=\"truncated\">Only the first ").Append(replay.StepCount).Append(" steps are shown.</p>");
        }
        body.Append("</header><table id=\"waterfall\"><thead><tr><th>#</th><th>Step</th><th class=\"timeline\">Timeline</th>")
            .Append("<th>Tokens in / out</th><th>Cost</th></tr></thead><tbody>");
        var span = Math.Max(replay.DurationMs, 0.001);
        foreach (var step in replay.Steps)
        {
            Row(body, step, span);
        }
        body.Append("</tbody></table>");
        return new HtmlPage(title, Style, body.ToString());
    }

    private static void Row(StringBuilder body, ReplayStep step, double span)
    {
        var x = Math.Clamp(step.OffsetMs / span * Width, 0, Width);
        var width = Math.Clamp(step.DurationMs / span * Width, 1, Width - x);
        body.Append($"<tr class=\"step type-{HtmlPage.Encode(step.Type)} status-{step.Status}\" id=\"step-{step.Index}\">")
            .Append($"<td class=\"num\">{step.Index}</td><td class=\"depth-{Math.Min(step.Depth, MaxIndent)}\">")
            .Append($"<span class=\"badge type\">{HtmlPage.Encode(step.Type)}</span><span class=\"name\">{HtmlPage.Encode(step.Name)}</span>");
        var detail = string.Join(" · ", new[] { step.AgentName, step.ToolName, step.Model }.Where(d => d is not null));
        if (detail.Length > 0)
        {
            body.Append(" <small>").Append(HtmlPage.Encode(detail)).Append("</small>");
        }
        if (step.StatusMessage is not null)
        {
            body.Append("<div class=\"status-message\">").Append(HtmlPage.Encode(step.StatusMessage)).Append("</div>");
        }
        Message(body, "Input", "input", step.Input);
        Message(body, "Output", "output", step.Output);
        body.Append("</td><td class=\"timeline\"><svg viewBox=\"0 0 ").Append(Width).Append(" 10\" preserveAspectRatio=\"none\">")
            .Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" width=\"{width:0.#}\" height=\"10\"/></svg>")
            .Append($"<small>+{Milliseconds(step.OffsetMs)} · {Milliseconds(step.DurationMs)}</small></td>")
            .Append($"<td class=\"num tokens\">{Count(step.InputTokens)} / {Count(step.OutputTokens)}</td>")
            .Append($"<td class=\"num cost\">{Cost(step.Cost, step.Priced)}</td></tr>");
    }

    private static void Message(StringBuilder body, string label, string cssClass, string? text)
    {
        if (text is null)
        {
            return;
        }
        body.Append($"<details class=\"{cssClass}\"><summary>{label}</summary><pre>").Append(HtmlPage.Encode(text)).Append("</pre></details>");
    }

    private static string Count(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";

    // A model without a price reads "unpriced", never 0; a step that used no tokens has no cost.
    private static string Cost(decimal? value, bool priced) =>
        value is { } amount ? (amount / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : priced ? "–" : "unpriced";

    private static string Milliseconds(double ms) => ms >= 1000
        ? (ms / 1000).ToString("0.###", CultureInfo.InvariantCulture) + " s"
        : ms.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
