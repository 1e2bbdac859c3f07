using MlOps.Guardrails.Pii;

namespace MlOps.GuardrailGateway.Policies;

/// <summary>What a policy stores beyond its default action and scanner list (the policies.settings column).</summary>
public sealed record PolicySettings
{
    /// <summary>Per-scanner score thresholds; a scanner's findings below it are ignored.</summary>
    public Dictionary<string, double> Thresholds { get; init; } = [];

    /// <summary>Per-scanner actions overriding the policy's default action.</summary>
    public Dictionary<string, string> Actions { get; init; } = [];

    /// <summary>Actions per finding kind (e.g. PROMPT_INJECTION), overriding the scanner's and the policy's.</summary>
    public Dictionary<string, string> KindActions { get; init; } = [];

    public List<string> AllowList { get; init; } = [];

    public List<string> DenyList { get; init; } = [];

    public List<CustomPattern> CustomPatterns { get; init; } = [];

    /// <summary>PII kinds to report; empty reports every kind.</summary>
    public List<string> Entities { get; init; } = [];

    /// <summary>redact, mask, placeholder or hash.</summary>
    public string Anonymizer { get; init; } = "placeholder";
}
