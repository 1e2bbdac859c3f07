using System.Globalization;
using System.Text;
using MlOps.Guardrails.Context;
using MlOps.Guardrails.Injection;
using MlOps.Guardrails.Training;

namespace MlOps.Guardrails.Evaluation;

/// <summary>
/// BIPIA context injection on the test split: every clean email, table and code context, and each with a test attack
/// inserted at the start, the middle and the end (seed 20261127); recall on attacked documents, false-positive rate on clean ones.
/// </summary>
public static class ContextEvaluation
{
    public static string Run(string sharedData, MiniLmInjectionHead encoder)
    {
        var scanner = new ContextInjectionScanner(new ContextInjectionHead(encoder));
        var documents = Bipia.Documents(sharedData, "test", seed: 20261127);
        var results = documents.Select(d => (Document: d, Flagged: scanner.Scan(d.Text).Count > 0)).ToList();
        var report = new StringBuilder();
        report.AppendLine("| documents | attacked | recall | clean | false-positive rate |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var group in results.GroupBy(r => r.Document.Source).Append(results.GroupBy(_ => "all").Single()))
        {
            var attacked = group.Where(r => r.Document.Attacked).ToList();
            var clean = group.Where(r => !r.Document.Attacked).ToList();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {attacked.Count} | {attacked.Count(r => r.Flagged) / (double)attacked.Count:F3} | {clean.Count} | {clean.Count(r => r.Flagged) / (double)clean.Count:F3} |"));
        }
        foreach (var position in new[] { "start", "middle", "end" })
        {
            var attacked = results.Where(r => r.Document.Position == position).ToList();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| inserted at the {position} | {attacked.Count} | {attacked.Count(r => r.Flagged) / (double)attacked.Count:F3} | | |"));
        }
        return report.ToString();
    }
}
