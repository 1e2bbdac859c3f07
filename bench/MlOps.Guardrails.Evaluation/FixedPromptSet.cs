namespace MlOps.Guardrails.Evaluation;

/// <summary>A fixed prompt set of ours (data/*.tsv, CC0): family, tab, prompt; '#' lines are comments.</summary>
public static class FixedPromptSet
{
    public static List<(string Family, string Text)> Read(string fileName) =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", fileName))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2))
            .Select(p => (p[0], p[1]))];
}
