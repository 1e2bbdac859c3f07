using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Guardrails.Pii;

namespace MlOps.Guardrails.Evaluation;

/// <summary>
/// Span-level precision and recall per entity type on Presidio's synthetic set (presidio-research synth_dataset_v2):
/// a finding counts as correct when it overlaps a labelled span of the same type, a labelled span as found when a
/// finding of its type overlaps it. Evaluation data only: nothing here was trained or tuned on it.
/// </summary>
public static class PiiEvaluation
{
    public static readonly string[] TargetEntities = ["CREDIT_CARD", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "PERSON", "LOCATION"];

    // Presidio's set labels places GPE; the scanner calls them LOCATION (as presidio-evaluator maps them).
    private static string Gold(string entityType) => entityType == "GPE" ? "LOCATION" : entityType;

    public static string Run(string datasetPath)
    {
        var records = JsonSerializer.Deserialize<List<PresidioRecord>>(File.ReadAllText(datasetPath))!;
        var scanner = new PiiScanner();
        var names = new PiiScanner(new PiiScannerOptions { Entities = new HashSet<string> { "PERSON", "LOCATION" } });
        var counts = TargetEntities.ToDictionary(e => e, _ => (TruePositive: 0, FalsePositive: 0, Found: 0, Labelled: 0));
        var misses = new List<string>();
        foreach (var record in records)
        {
            var findings = scanner.Scan(record.Text).Concat(names.Scan(record.Text)).ToList();
            foreach (var entity in TargetEntities)
            {
                var gold = record.Spans.Where(s => Gold(s.EntityType) == entity).ToList();
                var predicted = findings.Where(f => f.Kind == entity).ToList();
                var c = counts[entity];
                var correct = predicted.Count(p => gold.Any(g => p.Start < g.End && g.Start < p.End));
                var found = gold.Count(g => predicted.Any(p => p.Start < g.End && g.Start < p.End));
                counts[entity] = (c.TruePositive + correct, c.FalsePositive + predicted.Count - correct, c.Found + found, c.Labelled + gold.Count);
                misses.AddRange(predicted.Where(p => !gold.Any(g => p.Start < g.End && g.Start < p.End)).Select(p => $"FP {entity} ({p.Score:F2}): {record.Text.Substring(p.Start, p.Length)}"));
                misses.AddRange(gold.Where(g => !predicted.Any(p => p.Start < g.End && g.Start < p.End)).Select(g => $"FN {entity}: {record.Text[g.Start..g.End]}"));
            }
        }
        var report = new StringBuilder();
        report.AppendLine("| entity | labelled | recall | precision | F1 | false positives |");
        report.AppendLine("|---|---|---|---|---|---|");
        foreach (var (entity, c) in counts)
        {
            var recall = c.Labelled == 0 ? 0 : (double)c.Found / c.Labelled;
            var precision = c.TruePositive + c.FalsePositive == 0 ? 0 : (double)c.TruePositive / (c.TruePositive + c.FalsePositive);
            var f1 = recall + precision == 0 ? 0 : 2 * recall * precision / (recall + precision);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {entity} | {c.Labelled} | {recall:F3} | {precision:F3} | {f1:F3} | {c.FalsePositive} |"));
        }
        foreach (var miss in misses)
        {
            Console.Error.WriteLine(miss.Replace('\n', ' '));
        }
        return report.ToString();
    }
}
