namespace MlOps.Contracts;

/// <summary>drift judged a closed window of a model version, drifted or not (so a wait for recovery can see a clean one).</summary>
public sealed record DriftWindowEvaluated : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>Model version monitored.</summary>
    public required int Version { get; init; }
    /// <summary>The window judged.</summary>
    public required Guid WindowId { get; init; }
    /// <summary>Whether any feature (or the performance) drifted.</summary>
    public required bool Drifted { get; init; }
    /// <summary>When the window closed (UTC).</summary>
    public required DateTime ClosedAt { get; init; }
    /// <summary>"data" (logged predictions against the reference profile) or "performance" (feedback labels against the registered metrics).</summary>
    public string Kind { get; init; } = DriftDetected.DataKind;
}
