namespace MlOps.Trainer.Services;

/// <summary>The registry refused or failed a call; the message carries its status and ProblemDetails.</summary>
public sealed class RegistryCallException(string message) : Exception(message);
