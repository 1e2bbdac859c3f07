namespace MlOps.Guardrails.Pii;

/// <summary>The name lists embedded in the library (Pii/Gazetteers/*.txt), read once.</summary>
internal static class GazetteerData
{
    public static readonly IReadOnlyList<string> Places = [.. Read("countries.txt"), .. Read("places.txt")];

    public static readonly IReadOnlySet<string> FirstNames = Read("first-names.txt").ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Read(string file)
    {
        using var stream = typeof(GazetteerData).Assembly.GetManifestResourceStream($"MlOps.Guardrails.Pii.Gazetteers.{file}")
            ?? throw new InvalidOperationException($"The gazetteer {file} is missing.");
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
