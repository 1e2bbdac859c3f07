namespace MlOps.Contracts;

/// <summary>Command: retrain a model, on given training data or on the data its last version was trained on.</summary>
public sealed record RequestRetraining : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>Data to train on; the model's last training data when null.</summary>
    public TrainingDataRef? Data { get; init; }
    /// <summary>Why retraining is wanted.</summary>
    public required string Reason { get; init; }
}
