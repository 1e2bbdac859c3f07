namespace MlOps.Contracts;

/// <summary>Command: retrain a model, optionally on a given dataset version.</summary>
public sealed record RequestRetraining : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>Dataset to train on; the model's last dataset when null.</summary>
    public Guid? DatasetId { get; init; }
    /// <summary>Why retraining is wanted.</summary>
    public required string Reason { get; init; }
}
