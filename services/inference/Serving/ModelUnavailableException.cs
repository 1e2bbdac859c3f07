namespace MlOps.Inference.Serving;

/// <summary>The model (or version) cannot answer: 404 when it is not served here, 503 while it is loading, failed to load or is overloaded.</summary>
public sealed class ModelUnavailableException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>When the caller may try again (an overloaded queue), sent as Retry-After.</summary>
    public int? RetryAfterSeconds { get; init; }
}
