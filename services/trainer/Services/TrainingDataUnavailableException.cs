namespace MlOps.Trainer.Services;

/// <summary>A run asked for data the trainer cannot read or train on; <see cref="Field"/> names the request member at fault.</summary>
public sealed class TrainingDataUnavailableException(string message, string fieldName = "data") : Exception(message)
{
    public string Field { get; } = fieldName;
}
