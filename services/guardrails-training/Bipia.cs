using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Training;

/// <summary>
/// BIPIA's self-contained part (email, table, code): clean contexts, attack instructions, and attacked documents built
/// the way BIPIA builds them, an attack inserted at the start, in the middle or at the end of a context (seeded).
/// </summary>
public static partial class Bipia
{
    /// <summary>One document: its text, whether an attack was inserted, and where (start, middle, end, or none).</summary>
    public sealed record Document(string Text, bool Attacked, string Position, string Source);

    public static List<Document> Documents(string sharedData, string split, int seed, int? maxTables = null)
    {
        var random = new Random(seed);
        var textAttacks = Attacks(sharedData, $"text_attack_{split}.json");
        var codeAttacks = Attacks(sharedData, $"code_attack_{split}.json");
        var documents = new List<Document>();
        foreach (var (source, context) in Contexts(sharedData, split, maxTables))
        {
            documents.Add(new Document(context, false, "none", source));
            var attacks = source == "code" ? codeAttacks : textAttacks;
            foreach (var position in new[] { "start", "middle", "end" })
            {
                documents.Add(new Document(Insert(context, attacks[random.Next(attacks.Count)], position).Text, true, position, source));
            }
        }
        return documents;
    }

    /// <summary>Every attack instruction of a split's file, flattened over categories.</summary>
    public static List<string> Attacks(string sharedData, string file) => [.. CategorizedAttacks(sharedData, file).Select(a => a.Text)];

    /// <summary>Every attack instruction of a split's file with the index of its category (0, 1, ...).</summary>
    public static List<(int Category, string Text)> CategorizedAttacks(string sharedData, string file) =>
        [.. JsonDocument.Parse(File.ReadAllText(Path.Combine(sharedData, "bipia/benchmark", file))).RootElement.EnumerateObject()
            .SelectMany((category, index) => category.Value.EnumerateArray().Select(a => (index, a.GetString()!)))];

    /// <summary>The clean contexts of a split: (source, text).</summary>
    public static IEnumerable<(string Source, string Text)> Contexts(string sharedData, string split, int? maxTables = null)
    {
        foreach (var source in new[] { "email", "table", "code" })
        {
            var lines = File.ReadLines(Path.Combine(sharedData, "bipia/benchmark", source, $"{split}.jsonl"));
            foreach (var line in source == "table" && maxTables is { } max ? lines.Take(max) : lines)
            {
                var context = JsonDocument.Parse(line).RootElement.GetProperty("context");
                yield return (source, context.ValueKind == JsonValueKind.Array ? string.Join('\n', context.EnumerateArray().Select(l => l.GetString())) : context.GetString()!);
            }
        }
    }

    /// <summary>The context with the attack inserted at the position (start, middle, end), and where the attack begins.</summary>
    public static (string Text, int AttackStart) Insert(string context, string attack, string position)
    {
        switch (position)
        {
            case "start":
                return (attack + "\n" + context, 0);
            case "end":
                return (context + "\n" + attack, context.Length + 1);
            default:
                var lines = context.Split('\n');
                if (lines.Length >= 2)
                {
                    var at = lines.Length / 2;
                    var before = string.Join('\n', lines[..at]) + "\n";
                    return (before + attack + "\n" + string.Join('\n', lines[at..]), before.Length);
                }
                // At a sentence start, as BIPIA's Punkt-based insertion does: the first one past the middle, else the last
                // one before it, else the start of a context that is one sentence.
                var starts = SentenceStart().Matches(context).Select(m => m.Index + m.Length).ToList();
                var middle = starts.Where(s => s >= context.Length / 2).DefaultIfEmpty(starts.LastOrDefault()).First();
                return middle == 0 ? (attack + " " + context, 0) : (context[..middle] + attack + " " + context[middle..], middle);
        }
    }

    [GeneratedRegex(@"[.!?]\s+(?=[A-Z])")]
    private static partial Regex SentenceStart();
}
