namespace MlOps.Trainer.Training;

/// <summary>The champion cannot be scored on the run's rows (other inputs, other outputs): the run records why and carries on.</summary>
public sealed class ModelNotComparableException(string message) : Exception(message);
