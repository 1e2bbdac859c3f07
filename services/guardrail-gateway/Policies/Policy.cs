namespace MlOps.GuardrailGateway.Policies;

/// <summary>A tenant's policy as the guard applies it.</summary>
public sealed record Policy(Guid Id, string Name, string Action, IReadOnlyList<string> Scanners, PolicySettings Settings, DateTime UpdatedAt)
{
    /// <summary>Every scanner the guardrail library offers.</summary>
    public static readonly IReadOnlyList<string> KnownScanners = ["pii", "secrets", "injection", "context"];

    /// <summary>Finding actions, strongest last.</summary>
    public static readonly IReadOnlyList<string> KnownActions = ["flag", "redact", "block"];

    /// <summary>How strong an action is: its place in <see cref="KnownActions"/>.</summary>
    public static int Strength(string action) => action switch { "block" => 2, "redact" => 1, _ => 0 };

    /// <summary>
    /// What applies when a tenant has no policy named default: every scanner, PII redacted, threats blocked, except that a
    /// verdict of the learned injection classifier alone is flagged (it errs on innocent requests now and then; rules block).
    /// </summary>
    public static Policy BuiltInDefault { get; } = new(Guid.Empty, "default", "block", KnownScanners,
        new PolicySettings
        {
            Actions = new Dictionary<string, string> { ["pii"] = "redact" },
            KindActions = new Dictionary<string, string> { ["PROMPT_INJECTION"] = "flag" },
        }, DateTime.UnixEpoch);

    /// <summary>The calling virtual key's input guard (off, rules, learned), as the gateway's signed identity carries it.</summary>
    public string? KeyGuard { get; init; }

    /// <summary>
    /// This policy made at least as strict as a virtual key's input guard: rules makes secrets and the injection rules block,
    /// learned also the injection classifier's verdict; the tenant's own stricter choices stay.
    /// </summary>
    public Policy WithKeyGuard(string? keyGuard) => keyGuard is "rules" or "learned"
        ? this with { KeyGuard = keyGuard, Scanners = [.. Scanners.Union(["secrets", "injection"])] }
        : this;

    /// <summary>The action for a finding: its kind's, else its scanner's, else the policy's; never weaker than the key's guard asks.</summary>
    public string ActionFor(string scanner, string kind)
    {
        var action = Settings.KindActions.TryGetValue(kind, out var byKind) ? byKind : Settings.Actions.GetValueOrDefault(scanner, Action);
        var keyBlocks = KeyGuard is not null && (scanner == "secrets" || (scanner == "injection" && (kind != LearnedInjectionKind || KeyGuard == "learned")));
        return keyBlocks ? "block" : action;
    }

    // The kind of the injection classifier's verdict; the other injection kinds are rules.
    private const string LearnedInjectionKind = "PROMPT_INJECTION";

    /// <summary>The minimum score for a scanner's findings (0.5 unless set).</summary>
    public double ThresholdFor(string scanner) => Settings.Thresholds.GetValueOrDefault(scanner, 0.5);
}
