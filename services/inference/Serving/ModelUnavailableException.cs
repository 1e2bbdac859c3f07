namespace MlOps.Inference.Serving;

/// <summary>The model (or version) cannot answer: 404 when it is not served here, 503 while it is loading or failed to load.</summary>
public sealed class ModelUnavailableException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
