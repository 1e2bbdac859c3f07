using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using MlOps.Guardrails.Pii;

namespace MlOps.GuardrailGateway.Policies;

/// <summary>PUT /policies/{name}: the whole policy; omitted fields take their defaults. Validated by AddValidation (Validate below).</summary>
public sealed record PolicyRequest(
    string? Action,
    IReadOnlyList<string>? Scanners,
    IReadOnlyDictionary<string, double>? Thresholds,
    IReadOnlyDictionary<string, string>? Actions,
    IReadOnlyDictionary<string, string>? KindActions,
    IReadOnlyList<string>? AllowList,
    IReadOnlyList<string>? DenyList,
    IReadOnlyList<CustomPattern>? CustomPatterns,
    IReadOnlyList<string>? Entities,
    string? Anonymizer) : IValidatableObject
{
    private static readonly HashSet<string> Operators = ["redact", "mask", "placeholder", "hash"];

    /// <summary>The settings to store, once validated.</summary>
    public PolicySettings ToSettings() => new()
    {
        Thresholds = new Dictionary<string, double>(Thresholds ?? new Dictionary<string, double>()),
        Actions = new Dictionary<string, string>(Actions ?? new Dictionary<string, string>()),
        KindActions = new Dictionary<string, string>(KindActions ?? new Dictionary<string, string>()),
        AllowList = [.. AllowList ?? []],
        DenyList = [.. DenyList ?? []],
        CustomPatterns = [.. CustomPatterns ?? []],
        Entities = [.. Entities ?? []],
        Anonymizer = Anonymizer ?? "placeholder",
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var actions = string.Join(", ", Policy.KnownActions);
        if (Action is { } action && !Policy.KnownActions.Contains(action))
        {
            yield return new($"'action' must be one of {actions}; got '{action}'.", [nameof(Action)]);
        }
        if (Scanners?.FirstOrDefault(s => !Policy.KnownScanners.Contains(s)) is { } scanner)
        {
            yield return new($"'scanners' names the unknown scanner '{scanner}'; known: {string.Join(", ", Policy.KnownScanners)}.", [nameof(Scanners)]);
        }
        foreach (var (name, threshold) in Thresholds ?? new Dictionary<string, double>())
        {
            if (!Policy.KnownScanners.Contains(name) || !double.IsFinite(threshold) || threshold is < 0 or > 1)
            {
                yield return new($"'thresholds.{name}' must name a known scanner and be between 0 and 1.", [nameof(Thresholds)]);
            }
        }
        foreach (var (name, scannerAction) in Actions ?? new Dictionary<string, string>())
        {
            if (!Policy.KnownScanners.Contains(name) || !Policy.KnownActions.Contains(scannerAction))
            {
                yield return new($"'actions.{name}' must name a known scanner and be one of {actions}.", [nameof(Actions)]);
            }
        }
        foreach (var (kind, kindAction) in KindActions ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(kind) || !Policy.KnownActions.Contains(kindAction))
            {
                yield return new($"'kindActions.{kind}' must be one of {actions}.", [nameof(KindActions)]);
            }
        }
        if (Anonymizer is { } anonymizer && !Operators.Contains(anonymizer))
        {
            yield return new($"'anonymizer' must be one of {string.Join(", ", Operators)}; got '{anonymizer}'.", [nameof(Anonymizer)]);
        }
        for (var i = 0; i < (CustomPatterns?.Count ?? 0); i++)
        {
            if (PatternProblem(CustomPatterns![i], i) is { } problem)
            {
                yield return new(problem, [$"{nameof(CustomPatterns)}[{i}]"]);
            }
        }
    }

    private static string? PatternProblem(CustomPattern? pattern, int i)
    {
        if (pattern is null || string.IsNullOrWhiteSpace(pattern.Kind) || string.IsNullOrEmpty(pattern.Pattern) || pattern.Score is < 0 or > 1)
        {
            return $"'customPatterns[{i}]' needs a kind, a pattern and a score between 0 and 1.";
        }
        try
        {
            _ = new Regex(pattern.Pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            return null;
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException)
        {
            return $"'customPatterns[{i}].pattern' is not a usable regular expression (linear-time matching, no backreferences or lookarounds): {error.Message}";
        }
    }
}
