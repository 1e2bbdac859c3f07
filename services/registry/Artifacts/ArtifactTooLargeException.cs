namespace MlOps.Registry.Artifacts;

/// <summary>The upload went past the configured maximum; it was discarded.</summary>
public sealed class ArtifactTooLargeException(long maxBytes) : Exception($"The artifact exceeds the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
