using MlOps.ServiceDefaults;

namespace MlOps.Drift.Monitoring;

/// <summary>Wakes the evaluator as soon as a consumer closes a window, instead of at the next sweep.</summary>
public sealed class WindowSignal : WakeSignal;
