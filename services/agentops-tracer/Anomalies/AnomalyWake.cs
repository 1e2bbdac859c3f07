using MlOps.ServiceDefaults;

namespace MlOps.AgentOpsTracer.Anomalies;

/// <summary>Wakes the anomaly detector after an intake stored spans of a session.</summary>
public sealed class AnomalyWake : WakeSignal;
