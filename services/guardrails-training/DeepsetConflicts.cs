namespace MlOps.Guardrails.Training;

/// <summary>
/// deepset rows labelled injection that are plain awesome-chatgpt-prompts role prompts (benign in benign-prompts), in
/// English or in deepset's German translation, alone or after a topic line: label noise, left out of training and
/// reported separately by the evaluation. Zero-based line numbers of train.jsonl and test.jsonl, chosen by reading every
/// positive that asks for a role ("act as", "als … fungieren/agieren/auftreten"); role prompts that carry an attack (DAN,
/// "evil AI", print('SPD ist doof'), Tom and Jerry hot-wiring a car) stay.
/// </summary>
public static class DeepsetConflicts
{
    /// <summary>train.jsonl: a debater (42, 222, 513), a linux terminal (78, 258, 511, 520), an English translator (158, 338, 493, 533).</summary>
    public static readonly IReadOnlySet<int> Train = new HashSet<int> { 42, 78, 158, 222, 258, 338, 493, 511, 513, 520, 533 };

    /// <summary>test.jsonl: an interviewer (0), a storyteller (8, 45, 107), a screenwriter (37).</summary>
    public static readonly IReadOnlySet<int> Test = new HashSet<int> { 0, 8, 37, 45, 107 };

    /// <summary>The test rows the first reading listed (before the German translations were seen): reported for comparison.</summary>
    public static readonly IReadOnlySet<int> TestFirstReading = new HashSet<int> { 0, 8, 107 };
}
