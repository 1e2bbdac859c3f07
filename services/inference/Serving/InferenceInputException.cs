namespace MlOps.Inference.Serving;

/// <summary>The request's inputs cannot be run: the message names the input and what is wrong, for the OIP error body.</summary>
public sealed class InferenceInputException(string message) : Exception(message);
