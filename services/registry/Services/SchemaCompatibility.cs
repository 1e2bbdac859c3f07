using MlOps.Registry.Model;

namespace MlOps.Registry.Services;

/// <summary>Whether requests built for the champion's inputs still fit a candidate: same names, types, ranks and fixed sizes.</summary>
public static class SchemaCompatibility
{
    public static string? Problem(IReadOnlyList<TensorSpec> champion, IReadOnlyList<TensorSpec> candidate)
    {
        foreach (var expected in champion)
        {
            var actual = candidate.FirstOrDefault(c => c.Name == expected.Name);
            if (actual is null)
            {
                return $"input '{expected.Name}' is missing";
            }
            if (actual.ElementType != expected.ElementType)
            {
                return $"input '{expected.Name}' changed type from {expected.ElementType} to {actual.ElementType}";
            }
            if (actual.Shape.Length != expected.Shape.Length
                || actual.Shape.Zip(expected.Shape).Any(d => d.First != -1 && d.Second != -1 && d.First != d.Second))
            {
                return $"input '{expected.Name}' changed shape from [{string.Join(',', expected.Shape)}] to [{string.Join(',', actual.Shape)}]";
            }
        }
        var added = candidate.Where(c => champion.All(e => e.Name != c.Name)).Select(c => c.Name).ToList();
        return added.Count > 0 ? $"new required input(s): {string.Join(", ", added)}" : null;
    }
}
