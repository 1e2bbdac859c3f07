namespace MlOps.Inference.Canary;

/// <summary>Wakes this replica's canary counting at once when a rollout starts, steps or ends here (others follow at their next flush).</summary>
public sealed class CanaryWake : MlOps.ServiceDefaults.WakeSignal;
