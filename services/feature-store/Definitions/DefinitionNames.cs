using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace MlOps.FeatureStore.Definitions;

/// <summary>The shape of every name here (definitions, join keys, features): what the warehouse's identifiers allow without quoting.</summary>
public static partial class DefinitionNames
{
    public const string Pattern = "^[A-Za-z_][A-Za-z0-9_]{0,62}$";

    public const string Rule = "not a name (letters, digits and '_', starting with a letter or '_', at most 63).";

    public static bool IsValid(string? name) => name is not null && Shape().IsMatch(name);

    /// <summary>The validation result for a bad name at <paramref name="field"/> (its JSON path), or null when it is one.</summary>
    public static ValidationResult? Check(string? name, string field) => IsValid(name) ? null : new($"'{name}' is {Rule}", [field]);

    [GeneratedRegex(Pattern)]
    private static partial Regex Shape();
}
