namespace MlOps.Incident.Alerts;

/// <summary>One alert from any intake (platform event, Alertmanager, the generic API), before rules apply.</summary>
public sealed record AlertSignal
{
    public required string Tenant { get; init; }
    /// <summary>What raised it: drift, alertmanager, api, guardrail, agentops, llm_budget, data_quality, ...</summary>
    public required string Source { get; init; }
    /// <summary>The event type rules match on, e.g. DriftDetected, alertmanager, alert.</summary>
    public required string EventType { get; init; }
    /// <summary>The source's own identity of this alert (an Alertmanager fingerprint, a caller's dedup key).</summary>
    public required string AlertKey { get; init; }
    /// <summary>The dedup key when no rule sets one.</summary>
    public required string DefaultDedupKey { get; init; }
    public required bool Firing { get; init; }
    public required string Title { get; init; }
    public required string Severity { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<AlertLink> Links { get; init; } = [];
    /// <summary>How many identical alerts this signal stands for (intake coalesces bursts).</summary>
    public int Count { get; init; } = 1;
}

/// <summary>A link an alert carries (dashboard, runbook page, source).</summary>
public sealed record AlertLink(string Href, string? Text);
