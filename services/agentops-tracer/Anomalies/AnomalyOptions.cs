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

    /// <summary>How many times its agent's median session (in tokens) a session may use before it is a runaway; null for no baseline rule.</summary>
    [Range(1.5, 1_000_000)]
    public double? BaselineFactor { get; set; } = 10;

    /// <summary>Sessions of the agent needed before its baseline is trusted.</summary>
    [Range(3, 1_000)]
    public int BaselineMinSessions { get; set; } = 10;

    /// <summary>The agent's most recent sessions the baseline is the median of.</summary>
    [Range(3, 1_000)]
    public int BaselineWindow { get; set; } = 50;

    /// <summary>Spans with a guardrail finding (block or flag) in one session that raise an anomaly; null for none.</summary>
    [Range(1, 10_000)]
    public int? GuardrailFindings { get; set; } = 1;

    public AnomalyRules Defaults => new(ToolLoopRepeats, SessionTokenCap, SessionCostCap, ErrorBurstCount, ErrorBurstWindowSeconds, LatencyObjectiveMs,
        BaselineFactor, BaselineMinSessions, BaselineWindow, GuardrailFindings);
}
