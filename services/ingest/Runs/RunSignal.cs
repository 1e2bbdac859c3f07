using MlOps.ServiceDefaults;

namespace MlOps.Ingest.Runs;

/// <summary>Wakes the run workers when a run is queued by this replica.</summary>
public sealed class RunSignal : WakeSignal;
