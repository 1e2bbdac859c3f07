using System.Text.RegularExpressions;

namespace MlOps.Incident.Model;

/// <summary>The shape of every name a tenant gives here (rules, runbooks and their steps, channels).</summary>
public static partial class ResourceNames
{
    public static bool IsValid(string? name) => Shape().IsMatch(name ?? "");

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
