namespace MlOps.Registry.Artifacts;

/// <summary>An upload written to a staging file and hashed, not yet part of the store. Disposing discards it unless committed.</summary>
public sealed class StagedArtifact(string path, string digest, long size, Func<StagedArtifact, Task> commit) : IAsyncDisposable
{
    private bool _committed;

    /// <summary>The staging file, for validation before commit.</summary>
    public string Path { get; } = path;

    /// <summary>sha256 of the content, lowercase hex.</summary>
    public string Digest { get; } = digest;

    public long Size { get; } = size;

    /// <summary>Moves the content into the store under its digest (a no-op when identical content is already stored).</summary>
    public async Task CommitAsync()
    {
        await commit(this);
        _committed = true;
    }

    public ValueTask DisposeAsync()
    {
        if (!_committed && File.Exists(Path))
        {
            File.Delete(Path);
        }
        return ValueTask.CompletedTask;
    }
}
