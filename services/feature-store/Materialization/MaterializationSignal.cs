using MlOps.ServiceDefaults;

namespace MlOps.FeatureStore.Materialization;

/// <summary>Wakes the materialization worker when a run is queued.</summary>
public sealed class MaterializationSignal : WakeSignal;
