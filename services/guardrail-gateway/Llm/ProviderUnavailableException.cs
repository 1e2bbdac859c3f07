namespace MlOps.GuardrailGateway.Llm;

/// <summary>Every provider for a model failed (429, 5xx, timeout), or one refused the call; the message names them.</summary>
public sealed class ProviderUnavailableException(string message, int status) : Exception(message)
{
    public int Status { get; } = status;
}
