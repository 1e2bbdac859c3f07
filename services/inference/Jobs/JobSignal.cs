using MlOps.ServiceDefaults;

namespace MlOps.Inference.Jobs;

/// <summary>Wakes this instance's job runner when a job is submitted here, instead of waiting for its next poll.</summary>
public sealed class JobSignal : WakeSignal;
