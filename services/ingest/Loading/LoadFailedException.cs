namespace MlOps.Ingest.Loading;

/// <summary>A load failed (source error, frozen contract, blocking quality check); nothing of it is visible.</summary>
public sealed class LoadFailedException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The blocking quality check that failed the load, when that was the cause.</summary>
    public QualityResult? FailedCheck { get; init; }
}
