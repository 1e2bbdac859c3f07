namespace MlOps.Guardrails.Training;

/// <summary>
/// deepset rows labelled injection that are plain awesome-chatgpt-prompts role prompts (benign in benign-prompts): label
/// noise, reported separately by the evaluation (and to be left out of training). Zero-based line numbers of train.jsonl and test.jsonl, chosen by
/// reading every positive that asks for a role; role prompts that carry an attack (DAN, "evil AI", print('SPD ist doof')) stay.
/// </summary>
public static class DeepsetConflicts
{
    /// <summary>train.jsonl: act as a debater (42, 513), a linux terminal (78, 520), an English translator (158).</summary>
    public static readonly IReadOnlySet<int> Train = new HashSet<int> { 42, 78, 158, 513, 520 };

    /// <summary>test.jsonl: act as an interviewer (0), a storyteller (8, 107).</summary>
    public static readonly IReadOnlySet<int> Test = new HashSet<int> { 0, 8, 107 };
}
