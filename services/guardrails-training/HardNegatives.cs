using System.Text.Json;

namespace MlOps.Guardrails.Training;

/// <summary>
/// Benign families the injection detector must not flag, each cut by a fixed rule into a training part (for training and
/// threshold choice) and a held-out part (evaluation only): role and task prompts (benign-prompts, every fourth row held
/// out), Presidio's sentences (every fourth row trains, the rest held out), BIPIA's clean contexts (train split: email,
/// code and the first 100 tables; test split held out), BIPIA's task instructions (train split; test split held out) and
/// benign imperatives of ours (hard-negatives/benign-imperatives.tsv, training only: the evaluation has its own set).
/// </summary>
public static class HardNegatives
{
    public sealed record Family(string Name, List<string> Training, List<string> HeldOut);

    public static List<Family> All(string sharedData)
    {
        var roles = File.ReadLines(Path.Combine(sharedData, "benign-prompts/train.jsonl")).Select(Text).ToList();
        var presidio = JsonDocument.Parse(File.ReadAllText(Path.Combine(sharedData, "pii-presidio-synth/synth_dataset_v2.json"))).RootElement
            .EnumerateArray().Select(r => r.GetProperty("full_text").GetString()!).ToList();
        return
        [
            new("role and task prompts", [.. roles.Where((_, i) => i % 4 != 3)], [.. roles.Where((_, i) => i % 4 == 3)]),
            new("Presidio sentences", [.. presidio.Where((_, i) => i % 4 == 0)], [.. presidio.Where((_, i) => i % 4 != 0)]),
            new("BIPIA clean contexts", [.. Bipia.Contexts(sharedData, "train", maxTables: 100).Select(c => c.Text)],
                [.. Bipia.Contexts(sharedData, "test").Select(c => c.Text)]),
            // BIPIA's first five text-attack categories are ordinary user tasks (questions, writing, tutoring, translation,
            // programming help in train; automation, analysis, recommendations, research, sentiment in test): injections only
            // when planted in a document, plain instructions when a user types them.
            new("BIPIA task instructions", Tasks(sharedData, "text_attack_train.json"), Tasks(sharedData, "text_attack_test.json")),
            // Ordinary user requests written for this project (issue 25): deepset's benign rows are almost all questions, so
            // without these the n-grams learn "imperative = attack". Nothing held out: the evaluation's 327 prompts are apart.
            new("benign imperatives", Imperatives(), []),
        ];
    }

    private static List<string> Tasks(string sharedData, string file) =>
        [.. Bipia.CategorizedAttacks(sharedData, file).Where(a => a.Category < 5).Select(a => a.Text)];

    private static List<string> Imperatives() =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "hard-negatives", "benign-imperatives.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2)[1])];

    private static string Text(string line) => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!;
}
