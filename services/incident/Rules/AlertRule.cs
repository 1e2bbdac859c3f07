using System.ComponentModel.DataAnnotations;
using MlOps.Incident.Model;

namespace MlOps.Incident.Rules;

/// <summary>
/// A tenant's rule for alerts it matches: how they deduplicate, how severe they are, where they go, when they resolve and
/// when they are suppressed. Rules are tried in priority order (lowest first); the first that matches decides.
/// </summary>
public sealed record AlertRule : IValidatableObject
{
    /// <summary>For AddValidation: the rule book every rule is checked with, the shipped ones included.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => FieldProblem.Of(RuleValidator.Validate(this));

    public required string Name { get; init; }
    public int Priority { get; init; } = 100;
    public bool Enabled { get; init; } = true;
    public RuleMatch Match { get; init; } = new();
    /// <summary>Template of the dedup key: text with {{source}}, {{event}}, {{alert}}, {{title}} and {{labels.NAME}}.</summary>
    public string? DedupKey { get; init; }
    /// <summary>A fixed severity for every alert the rule matches.</summary>
    public string? Severity { get; init; }
    /// <summary>The source's severity (or its "severity" label) mapped to ours, e.g. {"warning": "medium", "page": "critical"}.</summary>
    public IReadOnlyDictionary<string, string>? SeverityMap { get; init; }
    /// <summary>Notification channels, by name.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];
    public string? Runbook { get; init; }
    public RuleAutoResolve AutoResolve { get; init; } = new();
    /// <summary>A firing alert this soon after its incident resolved reopens it, e.g. "10m".</summary>
    public string? ReopenWindow { get; init; }
    public IReadOnlyList<MaintenanceWindow> Maintenance { get; init; } = [];
}

/// <summary>What a rule applies to; every part given must hold, and when <see cref="Any"/> is given, at least one of its matches too.</summary>
public sealed record RuleMatch
{
    public const int MaxAlternatives = 10;

    /// <summary>Event types, e.g. DriftDetected, GuardrailViolated, alertmanager, alert.</summary>
    public IReadOnlyList<string> EventTypes { get; init; } = [];
    public IReadOnlyList<string> Sources { get; init; } = [];
    /// <summary>Labels that must have these exact values.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The alert's own severities (before mapping).</summary>
    public IReadOnlyList<string> Severities { get; init; } = [];
    /// <summary>Labels the alert must carry, whatever their values (e.g. "model" on an SLO burn about a model).</summary>
    public IReadOnlyList<string>? HasLabels { get; init; }
    /// <summary>Alternatives (one level deep, at most <see cref="MaxAlternatives"/>): one rule for several kinds of alert.</summary>
    public IReadOnlyList<RuleMatch>? Any { get; init; }
}

/// <summary>When incidents of a rule resolve by themselves.</summary>
public sealed record RuleAutoResolve
{
    /// <summary>Resolve when the source reports every alert behind the incident resolved (the default).</summary>
    public bool OnSourceResolved { get; init; } = true;
    /// <summary>Resolve when no alert arrived for this long, e.g. "30m".</summary>
    public string? AfterQuiet { get; init; }
}

/// <summary>A time range during which matching alerts are counted but raise nothing.</summary>
public sealed record MaintenanceWindow(DateTimeOffset Start, DateTimeOffset End, string? Reason);
