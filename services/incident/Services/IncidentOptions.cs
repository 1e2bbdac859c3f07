using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Services;

/// <summary>MlOps:Incident settings.</summary>
public sealed class IncidentOptions
{
    public const string SectionName = "MlOps:Incident";

    /// <summary>Guardrail violations of one scanner within <see cref="GuardrailWindow"/> that make an incident.</summary>
    [Range(1, 1_000_000)]
    public int GuardrailThreshold { get; set; } = 10;

    public TimeSpan GuardrailWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often incidents whose rule resolves them when quiet are checked.</summary>
    public TimeSpan QuietCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Alerts waiting for their batch; beyond this POST /v1/alerts answers 503 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int AlertQueueCapacity { get; set; } = 10_000;

    /// <summary>Alerts applied in one transaction at most.</summary>
    [Range(1, 10_000)]
    public int AlertBatchSize { get; set; } = 500;

    /// <summary>Tenants that receive the shipped rules and runbooks, comma-separated; "name*" matches by prefix ("*": every tenant; empty: none).</summary>
    public string ShippedDefinitionsTenants { get; set; } = "*";

    /// <summary>How often the runbook runner looks for due steps when nothing wakes it.</summary>
    public TimeSpan RunbookPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
