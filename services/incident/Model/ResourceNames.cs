using System.Text.RegularExpressions;

namespace MlOps.Incident.Model;

/// <summary>The shape of every name a tenant gives here (rules, runbooks and their steps, channels).</summary>
public static partial class ResourceNames
{
    public const string Pattern = "^[a-z0-9][a-z0-9_-]{0,63}$";

    public const string Rule = "1–64 characters, lower-case letters, digits, '-' and '_', starting with a letter or digit.";

    public static bool IsValid(string? name) => Shape().IsMatch(name ?? "");

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
