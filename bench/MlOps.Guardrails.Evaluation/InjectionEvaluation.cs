using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Guardrails.Injection;

namespace MlOps.Guardrails.Evaluation;

/// <summary>Prompt-injection detection on deepset's test split (evaluation only; the model never saw it).</summary>
public static class InjectionEvaluation
{
    public static string Run(string sharedData)
    {
        var rows = File.ReadLines(Path.Combine(sharedData, "prompt-injection/deepset/test.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(row => (Text: row.GetProperty("text").GetString()!, Injection: row.GetProperty("label").GetInt32() == 1))
            .ToList();
        var model = LinearInjectionModel.Embedded;
        var report = new StringBuilder();
        report.AppendLine("| stage | threshold | precision | recall | F1 | accuracy |");
        report.AppendLine("|---|---|---|---|---|---|");
        foreach (var threshold in new[] { 0.5 })
        {
            var predicted = rows.Select(r => (r.Injection, Flagged: model.Probability(r.Text) >= threshold)).ToList();
            var tp = predicted.Count(p => p.Injection && p.Flagged);
            var fp = predicted.Count(p => !p.Injection && p.Flagged);
            var fn = predicted.Count(p => p.Injection && !p.Flagged);
            var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            var recall = (double)tp / (tp + fn);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            var accuracy = (double)predicted.Count(p => p.Injection == p.Flagged) / predicted.Count;
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| linear n-grams | {threshold} | {precision:F3} | {recall:F3} | {f1:F3} | {accuracy:F3} |"));
        }
        return report.ToString();
    }
}
