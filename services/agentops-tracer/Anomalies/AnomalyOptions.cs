using System.ComponentModel.DataAnnotations;

namespace MlOps.AgentOpsTracer.Anomalies;

/// <summary>The detector's pace and the rules of tenants that set none (PUT /anomaly-rules), bound from MlOps:Tracer:Anomalies.</summary>
public sealed class AnomalyOptions
{
    public const string SectionName = "MlOps:Tracer:Anomalies";

    /// <summary>How often touched sessions are looked for when no intake woke the detector.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sessions evaluated in one transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    [Range(2, 10_000)]
    public int ToolLoopRepeats { get; set; } = 5;

    /// <summary>Input plus output tokens of one session; null for no cap.</summary>
    [Range(1, long.MaxValue)]
    public long? SessionTokenCap { get; set; } = 2_000_000;

    /// <summary>Cost of one session in the price table's currency; null for no cap.</summary>
    [Range(typeof(decimal), "0.000001", "1000000000")]
    public decimal? SessionCostCap { get; set; } = 20m;

    [Range(1, 10_000)]
    public int ErrorBurstCount { get; set; } = 5;

    [Range(1, 86_400)]
    public int ErrorBurstWindowSeconds { get; set; } = 60;

    /// <summary>The longest one model call (a generation span) may take; null for no objective.</summary>
    [Range(1, 86_400_000)]
    public int? LatencyObjectiveMs { get; set; }

    public AnomalyRules Defaults => new(ToolLoopRepeats, SessionTokenCap, SessionCostCap, ErrorBurstCount, ErrorBurstWindowSeconds, LatencyObjectiveMs);
}
