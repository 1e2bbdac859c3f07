namespace MlOps.Registry.Artifacts;

/// <summary>Content-addressed artifact storage: an artifact's name is its sha256, so identical uploads are stored once.</summary>
public interface IArtifactStore
{
    /// <summary>Streams content into the store, hashing as it goes; nothing is kept when the stream fails or exceeds maxBytes.</summary>
    Task<StagedArtifact> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Opens a stored artifact for reading (seekable, for ranges), or null when it is missing.</summary>
    Task<Stream?> OpenReadAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Recomputes a stored artifact's sha256; false when it is missing or no longer matches.</summary>
    Task<bool> VerifyAsync(string digest, CancellationToken cancellationToken);
}
