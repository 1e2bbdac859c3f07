namespace MlOps.Trainer.Services;

/// <summary>A run asked for data the trainer cannot read or train on; <see cref="Field"/> names the request member at fault.</summary>
public sealed class TrainingDataUnavailableException(string message, string fieldName = "data") : Exception(message)
{
    public string Field { get; } = fieldName;

    /// <summary>The answer to a caller: 400, or 403 when the caller's key may not read the data.</summary>
    public int Status { get; init; } = StatusCodes.Status400BadRequest;
}
