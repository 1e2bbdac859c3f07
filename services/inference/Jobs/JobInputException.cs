namespace MlOps.Inference.Jobs;

/// <summary>A job's input cannot be scored; the message names the row and column.</summary>
public sealed class JobInputException(string message) : Exception(message);
