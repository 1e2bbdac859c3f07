using System.Text.RegularExpressions;

namespace MlOps.GuardrailGateway.Policies;

/// <summary>Checks a policy request and names the first field that is wrong.</summary>
public static class PolicyValidator
{
    private static readonly HashSet<string> Operators = ["redact", "mask", "placeholder", "hash"];

    /// <summary>The settings to store, or the problem with the request.</summary>
    public static (PolicySettings? Settings, string? Error) Validate(PolicyRequest request)
    {
        if (request.Action is { } action && !Policy.KnownActions.Contains(action))
        {
            return (null, $"'action' must be one of {string.Join(", ", Policy.KnownActions)}; got '{action}'.");
        }
        if (request.Scanners?.FirstOrDefault(s => !Policy.KnownScanners.Contains(s)) is { } scanner)
        {
            return (null, $"'scanners' names the unknown scanner '{scanner}'; known: {string.Join(", ", Policy.KnownScanners)}.");
        }
        foreach (var (name, threshold) in request.Thresholds ?? new Dictionary<string, double>())
        {
            if (!Policy.KnownScanners.Contains(name) || !double.IsFinite(threshold) || threshold is < 0 or > 1)
            {
                return (null, $"'thresholds.{name}' must name a known scanner and be between 0 and 1.");
            }
        }
        foreach (var (name, scannerAction) in request.Actions ?? new Dictionary<string, string>())
        {
            if (!Policy.KnownScanners.Contains(name) || !Policy.KnownActions.Contains(scannerAction))
            {
                return (null, $"'actions.{name}' must name a known scanner and be one of {string.Join(", ", Policy.KnownActions)}.");
            }
        }
        foreach (var (kind, kindAction) in request.KindActions ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(kind) || !Policy.KnownActions.Contains(kindAction))
            {
                return (null, $"'kindActions.{kind}' must be one of {string.Join(", ", Policy.KnownActions)}.");
            }
        }
        if (request.Anonymizer is { } anonymizer && !Operators.Contains(anonymizer))
        {
            return (null, $"'anonymizer' must be one of {string.Join(", ", Operators)}; got '{anonymizer}'.");
        }
        for (var i = 0; i < (request.CustomPatterns?.Count ?? 0); i++)
        {
            var pattern = request.CustomPatterns![i];
            if (string.IsNullOrWhiteSpace(pattern.Kind) || string.IsNullOrEmpty(pattern.Pattern) || pattern.Score is < 0 or > 1)
            {
                return (null, $"'customPatterns[{i}]' needs a kind, a pattern and a score between 0 and 1.");
            }
            try
            {
                _ = new Regex(pattern.Pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (Exception error) when (error is ArgumentException or NotSupportedException)
            {
                return (null, $"'customPatterns[{i}].pattern' is not a usable regular expression (linear-time matching, no backreferences or lookarounds): {error.Message}");
            }
        }
        return (new PolicySettings
        {
            Thresholds = new Dictionary<string, double>(request.Thresholds ?? new Dictionary<string, double>()),
            Actions = new Dictionary<string, string>(request.Actions ?? new Dictionary<string, string>()),
            KindActions = new Dictionary<string, string>(request.KindActions ?? new Dictionary<string, string>()),
            AllowList = [.. request.AllowList ?? []],
            DenyList = [.. request.DenyList ?? []],
            CustomPatterns = [.. request.CustomPatterns ?? []],
            Entities = [.. request.Entities ?? []],
            Anonymizer = request.Anonymizer ?? "placeholder",
        }, null);
    }
}
