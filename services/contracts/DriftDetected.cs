namespace MlOps.Contracts;

/// <summary>drift found the current window of a model version drifted from its reference.</summary>
public sealed record DriftDetected : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>Model version monitored.</summary>
    public required int Version { get; init; }
    /// <summary>low, medium or high.</summary>
    public required string Severity { get; init; }
    /// <summary>Share of drifted features in the window.</summary>
    public required double ShareDrifted { get; init; }
    /// <summary>Per-feature detail of drifted features.</summary>
    public required IReadOnlyList<FeatureDrift> Features { get; init; }
}

