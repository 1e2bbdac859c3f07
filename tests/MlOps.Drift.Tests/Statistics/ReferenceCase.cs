using System.Text.Json;

namespace MlOps.Drift.Tests.Statistics;

/// <summary>One scipy-computed case from ReferenceCases/: inputs and the expected statistics.</summary>
public sealed record ReferenceCase(string Name, string Kind, JsonElement[] Reference, JsonElement[] Current, Dictionary<string, double> Expected)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "ReferenceCases"), "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(AppContext.BaseDirectory, f)).Order();

    public static ReferenceCase Load(string relativePath) =>
        JsonSerializer.Deserialize<ReferenceCase>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath)), Options)!;

    public double[] SortedReference() => Sorted(Reference);

    public double[] SortedCurrent() => Sorted(Current);

    public string[] ReferenceCategories() => Array.ConvertAll(Reference, e => e.GetString()!);

    public string[] CurrentCategories() => Array.ConvertAll(Current, e => e.GetString()!);

    private static double[] Sorted(JsonElement[] values)
    {
        var sorted = Array.ConvertAll(values, e => e.GetDouble());
        Array.Sort(sorted);
        return sorted;
    }
}
