namespace MlOps.Incident.Alerts;

/// <summary>The event types alerts arrive as; rules may match only these.</summary>
public static class EventTypes
{
    public const string Alertmanager = "alertmanager";
    public const string Api = "alert";
    public const string Drift = "DriftDetected";
    public const string DataQuality = "DataQualityFailed";
    public const string AgentAnomaly = "AgentAnomalyDetected";
    public const string Guardrail = "GuardrailViolated";
    public const string LlmBudget = "LlmBudgetAlerted";
    public const string PipelineRun = "PipelineRunFailed";
    public const string BatchJob = "BatchJobFailed";
    /// <summary>An objective's generated burn-rate alert, arriving through Alertmanager.</summary>
    public const string SloBurn = "slo_burn";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Alertmanager, Api, Drift, DataQuality, AgentAnomaly, Guardrail, LlmBudget, PipelineRun, BatchJob, SloBurn,
    };
}
