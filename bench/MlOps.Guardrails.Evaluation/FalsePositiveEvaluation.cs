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
        var families = HardNegatives.All(sharedData);
        var ours = FixedPromptSet.Read("benign-instructions.tsv");
        var attacks = FixedPromptSet.Read("role-shaped-attacks.tsv");
        var report = new StringBuilder();
        report.AppendLine("| family | held-out texts | flagged | rate | Wilson 95% |");
        report.AppendLine("|---|---|---|---|---|");
        var target = ours.Select(o => o.Text).Concat(families[0].HeldOut).ToList();
        report.AppendLine(Row("**target: benign instructions and role prompts (ours + benign-prompts held out)**", target, Flagged));
        report.AppendLine(Row("benign prompts of ours, all families", [.. ours.Select(o => o.Text)], Flagged));
        foreach (var group in ours.GroupBy(o => o.Family))
        {
            report.AppendLine(Row($"benign, ours: {group.Key}", [.. group.Select(o => o.Text)], Flagged));
        }
        report.AppendLine(Row("benign: deepset test", [.. deepset.Where(e => !e.Injection).Select(e => e.Text)], Flagged));
        // A family used only for training (our benign imperatives) has nothing held out.
        foreach (var family in families.Where(f => f.HeldOut.Count > 0))
        {
            report.AppendLine(Row($"benign: {family.Name}", family.HeldOut, Flagged));
        }
        report.AppendLine(Row("attack: deepset test, without the conflicting rows (recall)", [.. deepset.Where(e => e.Injection).Select(e => e.Text)], Flagged));
        foreach (var group in attacks.GroupBy(a => a.Family))
        {
            report.AppendLine(Row($"attack, ours: {group.Key}", [.. group.Select(a => a.Text)], Flagged));
        }
        report.AppendLine(Row("attack: BIPIA test instructions that address the answer (categories 6–15, out of a document)",
            [.. Bipia.CategorizedAttacks(sharedData, "text_attack_test.json").Where(a => a.Category >= 5).Select(a => a.Text)], Flagged));
        report.AppendLine(Row("attack: BIPIA test instructions, code (out of a document)", Bipia.Attacks(sharedData, "code_attack_test.json"), Flagged));
        report.AppendLine(Row("deepset test's conflicting role prompts (labelled attack)", [.. TrainingData.Deepset(sharedData, "test.jsonl", new HashSet<int>())
            .Where((_, i) => DeepsetConflicts.Test.Contains(i)).Select(e => e.Text)], Flagged));
        return report.ToString();
    }

    /// <summary>Our benign prompts the detector flags, for reading (standard error).</summary>
    public static IEnumerable<string> FlaggedOurs(InjectionCascade cascade) =>
        FixedPromptSet.Read("benign-instructions.tsv").Select(o => o.Text)
            .Where(t => InjectionRules.AnyMatch(TextNormalizer.Normalize(t).Text) || cascade.Decide(TextNormalizer.Normalize(t).Text).Injection);

    /// <summary>Our attacks and deepset's test attacks (without the conflicting rows) the detector misses, for reading (standard error).</summary>
    public static IEnumerable<string> MissedAttacks(string sharedData, InjectionCascade cascade) =>
        FixedPromptSet.Read("role-shaped-attacks.tsv").Select(a => (Source: $"ours, {a.Family}", a.Text))
            .Concat(TrainingData.Deepset(sharedData, "test.jsonl", DeepsetConflicts.Test).Where(e => e.Injection).Select(e => (Source: "deepset", e.Text)))
            .Where(a => !InjectionRules.AnyMatch(TextNormalizer.Normalize(a.Text).Text) && !cascade.Decide(TextNormalizer.Normalize(a.Text).Text).Injection)
            .Select(a => $"{a.Source}: {a.Text}");

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
