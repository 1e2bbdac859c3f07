using System.Globalization;
using System.Text;
using MlOps.Guardrails.Injection;
using MlOps.Guardrails.Training;

namespace MlOps.Guardrails.Evaluation;

/// <summary>
/// The injection detector (rules, then the cascade) on each benign family's held-out part and each attack family
/// separately, as counts with Wilson 95% intervals: a rate over the mix would let the largest family hide the others.
/// </summary>
public static class FalsePositiveEvaluation
{
    public static string Run(string sharedData, InjectionCascade cascade)
    {
        bool Flagged(string text) => InjectionRules.AnyMatch(TextNormalizer.Normalize(text).Text) || cascade.Decide(TextNormalizer.Normalize(text).Text).Injection;
        var deepset = TrainingData.Deepset(sharedData, "test.jsonl", DeepsetConflicts.Test);
        var report = new StringBuilder();
        report.AppendLine("| family | held-out texts | flagged | rate | Wilson 95% |");
        report.AppendLine("|---|---|---|---|---|");
        report.AppendLine(Row("benign: deepset test", [.. deepset.Where(e => !e.Injection).Select(e => e.Text)], Flagged));
        foreach (var family in HardNegatives.All(sharedData))
        {
            report.AppendLine(Row($"benign: {family.Name}", family.HeldOut, Flagged));
        }
        report.AppendLine(Row("attack: deepset test (recall)", [.. deepset.Where(e => e.Injection).Select(e => e.Text)], Flagged));
        report.AppendLine(Row("attack: deepset test's conflicting role prompts", [.. TrainingData.Deepset(sharedData, "test.jsonl", new HashSet<int>())
            .Where((_, i) => DeepsetConflicts.Test.Contains(i)).Select(e => e.Text)], Flagged));
        return report.ToString();
    }

    private static string Row(string family, List<string> texts, Func<string, bool> flagged)
    {
        var k = texts.Count(flagged);
        var (low, high) = Wilson(k, texts.Count);
        return string.Create(CultureInfo.InvariantCulture, $"| {family} | {texts.Count} | {k} | {(double)k / texts.Count:F3} | {low:F3}–{high:F3} |");
    }

    // Wilson score interval, z = 1.96: sound at 0 of n, where the normal approximation collapses to a point.
    private static (double Low, double High) Wilson(int k, int n)
    {
        const double Z = 1.96;
        var p = (double)k / n;
        var centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n);
        var half = Z * Math.Sqrt(p * (1 - p) / n + Z * Z / (4.0 * n * n)) / (1 + Z * Z / n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
