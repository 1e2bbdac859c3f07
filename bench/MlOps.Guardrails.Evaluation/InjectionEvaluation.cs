using System.Globalization;
using System.Text;
using MlOps.Guardrails.Injection;
using MlOps.Guardrails.Training;

namespace MlOps.Guardrails.Evaluation;

/// <summary>Prompt-injection detection on deepset's test split without its conflicting role prompts (evaluation only; the model never saw it).</summary>
public static class InjectionEvaluation
{
    private static string Row(string stage, List<(string Text, bool Injection)> rows, List<bool> flagged, int decided)
    {
        var tp = rows.Where((r, i) => r.Injection && flagged[i]).Count();
        var fp = rows.Where((r, i) => !r.Injection && flagged[i]).Count();
        var fn = rows.Where((r, i) => r.Injection && !flagged[i]).Count();
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var accuracy = (double)rows.Where((r, i) => r.Injection == flagged[i]).Count() / rows.Count;
        return string.Create(CultureInfo.InvariantCulture, $"| {stage} | {decided} of {rows.Count} | {precision:F3} | {recall:F3} | {f1:F3} | {accuracy:F3} |");
    }

    public static string Run(string sharedData)
    {
        var all = TrainingData.Deepset(sharedData, "test.jsonl", new HashSet<int>()).Select(e => (e.Text, e.Injection)).ToList();
        var rows = all.Where((_, i) => !DeepsetConflicts.Test.Contains(i)).ToList();
        var linear = LinearInjectionModel.Embedded;
        using var head = new MiniLmInjectionHead();
        var cascade = new InjectionCascade(linear, head);
        var stage1 = rows.Select(r => linear.Probability(r.Text) >= linear.Threshold).ToList();
        var stage2 = rows.Select(r => head.Probability(r.Text) >= head.Threshold).ToList();
        var decisions = rows.Select(r => cascade.Decide(r.Text)).ToList();
        var rules = rows.Select(r => InjectionRules.AnyMatch(TextNormalizer.Normalize(r.Text).Text)).ToList();
        var report = new StringBuilder();
        report.AppendLine("| detector | texts it decides | precision | recall | F1 | accuracy |");
        report.AppendLine("|---|---|---|---|---|---|");
        report.AppendLine(Row($"stage 1: linear n-grams alone (threshold {linear.Threshold:F2})", rows, stage1, rows.Count));
        report.AppendLine(Row($"stage 2: MiniLM head alone (threshold {head.Threshold:F2})", rows, stage2, rows.Count));
        report.AppendLine(Row($"cascade (stage 2 on stage 1 in [{linear.ClearBelow:F2}, {linear.Threshold:F2}); over {EmbeddingWindow.MaxCharacters} characters [{linear.ClearLongBelow:F2}, {linear.Threshold:F2}))", rows, [.. decisions.Select(d => d.Injection)], decisions.Count(d => d.Stage == 2)));
        report.AppendLine(Row("rules alone", rows, rules, rows.Count));
        report.AppendLine(Row("ensemble: rules, then the cascade", rows, [.. rules.Select((r, i) => r || decisions[i].Injection)], rows.Count));
        var withConflicts = all.Select(r => InjectionRules.AnyMatch(TextNormalizer.Normalize(r.Text).Text) || cascade.Decide(r.Text).Injection).ToList();
        var firstReading = Enumerable.Range(0, all.Count).Where(i => !DeepsetConflicts.TestFirstReading.Contains(i)).ToList();
        report.AppendLine(Row($"ensemble, without only the first reading's {DeepsetConflicts.TestFirstReading.Count} conflicting rows", [.. firstReading.Select(i => all[i])],
            [.. firstReading.Select(i => withConflicts[i])], firstReading.Count));
        report.AppendLine(Row("ensemble, with the conflicting rows labelled as deepset has them", all, withConflicts, all.Count));
        return report.ToString();
    }
}
