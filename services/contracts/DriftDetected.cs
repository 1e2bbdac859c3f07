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
    /// <summary><see cref="DataKind"/> (inputs or predictions moved) or <see cref="PerformanceKind"/> (live AUC or accuracy dropped).</summary>
    public string Kind { get; init; } = DataKind;

    /// <summary>The window's inputs or predictions moved away from the reference.</summary>
    public const string DataKind = "data";
    /// <summary>The model's measured quality on feedback labels dropped.</summary>
    public const string PerformanceKind = "performance";
}

