namespace MlOps.AgentOpsTracer.Anomalies;

/// <summary>An anomaly found in a session: its kind and the evidence (ids and numbers, never message contents).</summary>
public sealed record AnomalyFinding(string Kind, string Detail);
