namespace MlOps.Incident.Alerts;

/// <summary>What the matching rule (or the defaults) decided for an alert.</summary>
public sealed record AlertRouting
{
    public required string DedupKey { get; init; }
    public required string Severity { get; init; }
    /// <summary>The rule that matched, with its version; null for the defaults.</summary>
    public string? Rule { get; init; }
    public IReadOnlyList<string> Channels { get; init; } = [];
    public string? Runbook { get; init; }
    /// <summary>Whether the source reporting the alert resolved resolves the incident when nothing else fires.</summary>
    public bool ResolveWithSource { get; init; } = true;
    /// <summary>Resolve the incident once no alert arrived for this long; null never.</summary>
    public TimeSpan? ResolveWhenQuiet { get; init; }
    /// <summary>A firing alert within this long of its incident's resolution reopens it instead of opening another.</summary>
    public TimeSpan ReopenWindow { get; init; }
    /// <summary>Set when a maintenance window suppresses the alert: it is counted, not raised.</summary>
    public string? SuppressedBy { get; init; }
}
