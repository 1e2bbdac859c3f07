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

    /// <summary>The action for a finding: its kind's, else its scanner's, else the policy's.</summary>
    public string ActionFor(string scanner, string kind) =>
        Settings.KindActions.TryGetValue(kind, out var byKind) ? byKind : Settings.Actions.GetValueOrDefault(scanner, Action);

    /// <summary>The minimum score for a scanner's findings (0.5 unless set).</summary>
    public double ThresholdFor(string scanner) => Settings.Thresholds.GetValueOrDefault(scanner, 0.5);
}
