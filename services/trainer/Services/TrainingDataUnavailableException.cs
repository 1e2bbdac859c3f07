namespace MlOps.Trainer.Services;

/// <summary>A run asked for data the trainer cannot read.</summary>
public sealed class TrainingDataUnavailableException(string message) : Exception(message);
