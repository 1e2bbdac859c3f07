namespace MlOps.Contracts;

/// <summary>Command: move a model's champion back to the last version that held it and passed its gate.</summary>
public sealed record RequestRollback : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>Why the rollback is wanted (incident id, alert).</summary>
    public required string Reason { get; init; }
}
