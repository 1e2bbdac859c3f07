using System.Text.RegularExpressions;

namespace MlOps.Registry.Services;

/// <summary>The shapes names must have; checked before anything is stored.</summary>
public static partial class Names
{
    public const string ModelPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$")]
    public static partial Regex Alias();

    /// <summary>Where a load measurement came from: canary, load-test, k6, ...</summary>
    public const string LoadTestSourcePattern = "^[a-z][a-z0-9_-]{0,62}$";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$")]
    public static partial Regex TagKey();

    /// <summary>A feature-store name (entity, view, service): the feature store's own rule.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    public static partial Regex FeatureService();

    public const int MaxTagValueLength = 256;

    /// <summary>The first problem with a tag set, or null when every key and value is acceptable.</summary>
    public static string? TagProblem(IReadOnlyDictionary<string, string>? tags)
    {
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            if (!TagKey().IsMatch(key))
            {
                return $"Tag key '{key}' must be 1-64 characters: letters, digits, '_', '.', ':', '/', '-', starting with a letter or digit.";
            }
            if (value is null || value.Length > MaxTagValueLength)
            {
                return $"Tag '{key}' needs a value of at most {MaxTagValueLength} characters.";
            }
        }
        return null;
    }
}
