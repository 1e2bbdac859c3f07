using System.Text.Json;

namespace MlOps.Guardrails.Training;

/// <summary>The training splits only (never the test splits): deepset prompt-injections train.jsonl.</summary>
public static class TrainingData
{
    public static List<LabelledText> Deepset(string sharedData) =>
        [.. File.ReadLines(Path.Combine(sharedData, "prompt-injection/deepset/train.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(row => new LabelledText(row.GetProperty("text").GetString()!, row.GetProperty("label").GetInt32() == 1))];
}
