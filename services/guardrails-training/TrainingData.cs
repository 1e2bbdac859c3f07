using System.Text.Json;

namespace MlOps.Guardrails.Training;

/// <summary>The training splits only (never the test splits): deepset prompt-injections train.jsonl.</summary>
public static class TrainingData
{
    public static List<LabelledText> Deepset(string sharedData) => Deepset(sharedData, "train.jsonl", new HashSet<int>());

    /// <summary>A deepset split's rows, without the listed (zero-based) line numbers.</summary>
    public static List<LabelledText> Deepset(string sharedData, string file, IReadOnlySet<int> leaveOut) =>
        [.. File.ReadLines(Path.Combine(sharedData, "prompt-injection/deepset", file))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(row => new LabelledText(row.GetProperty("text").GetString()!, row.GetProperty("label").GetInt32() == 1))
            .Where((_, i) => !leaveOut.Contains(i))];
}
