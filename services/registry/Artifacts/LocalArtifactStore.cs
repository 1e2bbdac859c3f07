using System.Security.Cryptography;

namespace MlOps.Registry.Artifacts;

/// <summary>Artifacts as files under root/sha256/ab/abcdef…, staged in root/staging and moved in atomically.</summary>
public sealed class LocalArtifactStore : IArtifactStore
{
    private const int BufferSize = 1024 * 1024;
    private readonly string _root;

    public LocalArtifactStore(string root)
    {
        _root = root;
        Directory.CreateDirectory(Path.Combine(root, "staging"));
        Directory.CreateDirectory(Path.Combine(root, "sha256"));
    }

    public async Task<StagedArtifact> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var stagingPath = Path.Combine(_root, "staging", Guid.NewGuid().ToString("N"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            await using (var file = new FileStream(stagingPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        throw new ArtifactTooLargeException(maxBytes);
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            return new StagedArtifact(stagingPath, Convert.ToHexStringLower(hash.GetHashAndReset()), size, CommitAsync);
        }
        catch
        {
            // A cut-off or oversized upload leaves nothing behind.
            File.Delete(stagingPath);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string digest, CancellationToken cancellationToken) => Task.FromResult(OpenRead(digest));

    public bool Contains(string digest) => File.Exists(PathOf(digest));

    public async Task<bool> VerifyAsync(string digest, CancellationToken cancellationToken)
    {
        await using var stream = OpenRead(digest);
        if (stream is null)
        {
            return false;
        }
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        return actual == digest;
    }

    private Stream? OpenRead(string digest)
    {
        var path = PathOf(digest);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan) : null;
    }

    private Task CommitAsync(StagedArtifact staged)
    {
        var target = PathOf(staged.Digest);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.Delete(staged.Path);
        }
        else
        {
            File.Move(staged.Path, target, overwrite: true);
        }
        return Task.CompletedTask;
    }

    /// <summary>Where an artifact with this digest lives (or would live) on disk.</summary>
    public string PathOf(string digest) =>
        digest.Length == 64 && digest.All(char.IsAsciiHexDigitLower)
            ? Path.Combine(_root, "sha256", digest[..2], digest)
            : throw new ArgumentException("Not a sha256 hex digest.", nameof(digest));
}
