using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlOps.Drift.Reports;

/// <summary>A self-contained HTML page per report: verdict, a table of every column, drift over time and each column's distribution.</summary>
public static class HtmlReport
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Render(StoredReport report, IReadOnlyList<HistoryPoint> history)
    {
        var result = report.Result;
        var window = result.GetProperty("window");
        var datasetDrift = result.GetProperty("dataset_drift").GetBoolean();
        var severity = result.TryGetProperty("severity", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Drift report: {{E(report.ModelName)}} v{{report.Version}}</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#222}
            table{border-collapse:collapse;width:100%;margin:1rem 0} td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left}
            .verdict{padding:.8rem 1rem;border-radius:6px;font-size:1.1rem} .drift{background:#fde2d7} .stable{background:#dff3e2}
            .tag{font-weight:600} .yes{color:#b3261e} .no{color:#2e7d32} figure{margin:1.5rem 0}
            </style></head><body>
            <h1>Drift report: {{E(report.ModelName)}} v{{report.Version}}</h1>
            <p>Window {{E(window.GetProperty("opened_at").GetString())}} to {{E(window.GetProperty("closed_at").GetString())}},
            {{window.GetProperty("rows").GetInt64():N0}} rows ({{window.GetProperty("sampled_rows").GetInt64():N0}} sampled). Report {{report.Id}}, {{report.CreatedAt:u}}.</p>
            <div class="verdict {{(datasetDrift ? "drift" : "stable")}}"><span class="tag">{{(datasetDrift ? "Dataset drift" : "No dataset drift")}}</span>:
            {{result.GetProperty("share_drifted").GetDouble():P0}} of features drifted{{(severity is null ? "" : $", severity {E(severity)}")}}.</div>
            <h2>Columns</h2>
            <table><tr><th>column</th><th>type</th><th>test</th><th>score</th><th>threshold</th><th>drift</th><th>missing</th></tr>
            """);
        var columns = result.GetProperty("columns").EnumerateObject().Select(c => (c.Name, c.Value)).ToList();
        if (result.TryGetProperty("prediction", out var prediction) && prediction.ValueKind == JsonValueKind.Object)
        {
            columns.Add(("prediction", prediction));
        }
        foreach (var (name, column) in columns)
        {
            var drift = column.GetProperty("drift_detected").GetBoolean();
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(name)}</td><td>{E(column.GetProperty("type").GetString())}</td><td>{E(column.GetProperty("method").GetString())}</td><td>{column.GetProperty("score").GetDouble():G4}</td><td>{column.GetProperty("threshold").GetDouble():G4}</td><td class=\"tag {(drift ? "yes" : "no")}\">{(drift ? "drift" : "stable")}</td><td>{column.GetProperty("missing").GetInt64():N0}</td></tr>\n");
        }
        html.Append("</table>\n");
        if (history.Count > 1)
        {
            var scores = history.SelectMany(h => h.Scores.Keys).Distinct().ToDictionary(k => k,
                k => (IReadOnlyList<(DateTime, double)>)[.. history.Where(h => h.Scores.ContainsKey(k)).Select(h => (h.At, h.Scores[k]))]);
            html.Append("<h2>Over time</h2><figure>").Append(ChartRenderer.History([.. history.Select(h => (h.At, h.ShareDrifted))], scores)).Append("</figure>\n");
        }
        html.Append("<h2>Distributions: reference vs current</h2>\n");
        foreach (var (name, column) in columns)
        {
            var bins = column.GetProperty("bins");
            html.Append("<figure>").Append(ChartRenderer.Distribution(
                $"{name} ({column.GetProperty("method").GetString()} {column.GetProperty("score").GetDouble().ToString("G4", CultureInfo.InvariantCulture)})",
                [.. bins.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!)],
                [.. bins.GetProperty("reference").EnumerateArray().Select(v => v.GetDouble())],
                [.. bins.GetProperty("current").EnumerateArray().Select(v => v.GetDouble())])).Append("</figure>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string E(string? text) => Encoder.Encode(text ?? "");
}
