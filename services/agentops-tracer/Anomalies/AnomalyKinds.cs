namespace MlOps.AgentOpsTracer.Anomalies;

/// <summary>The Kind values of AgentAnomalyDetected this service publishes (incident keys alerts on them).</summary>
public static class AnomalyKinds
{
    public const string ToolLoop = "tool_loop";
    public const string RunawaySession = "runaway_session";
    public const string ErrorBurst = "error_burst";
    public const string LatencyObjectiveMissed = "latency_objective_missed";
    public const string BaselineDeviation = "baseline_deviation";
    public const string GuardrailFinding = "guardrail_finding";
}
