namespace MlOps.Ingest.Lake;

/// <summary>A dataset folder on the local file system; the load lock is an exclusive lock (flock) on its `_lock` file.</summary>
internal sealed class LocalLakeStore(string folder, TimeSpan lockRetry, TimeProvider time) : ILakeStore
{
    private const string LockFile = "_lock";

    public string Describe(string path) => Path.Combine(folder, path);

    public Task<Stream> CreateAsync(string path, CancellationToken cancellationToken)
    {
        var full = Describe(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Overwriting is safe: a file of an uncommitted load id is referenced by no manifest, and the lock is held.
        return Task.FromResult<Stream>(new FileStream(full, FileMode.Create, FileAccess.ReadWrite, FileShare.None));
    }

    public async Task FinishAsync(string path, Stream stream, CancellationToken cancellationToken)
    {
        await stream.FlushAsync(cancellationToken);
        await stream.DisposeAsync();
    }

    public async Task<bool> PutNewAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var full = Describe(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            await stream.WriteAsync(content, cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        try
        {
            // A rename: readers see the whole manifest or none of it.
            File.Move(temporary, full, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(full))
        {
            File.Delete(temporary);
            return false;
        }
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = Describe(path);
        return File.Exists(full) ? await File.ReadAllBytesAsync(full, cancellationToken) : null;
    }

    public Task<IReadOnlyList<string>> ListAsync(string folderPath, CancellationToken cancellationToken)
    {
        var full = Describe(folderPath);
        IReadOnlyList<string> names = Directory.Exists(full) ? [.. Directory.EnumerateFiles(full).Select(f => Path.GetFileName(f))] : [];
        return Task.FromResult(names);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            File.Delete(Describe(path));
        }
        return Task.CompletedTask;
    }

    public async Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        while (true)
        {
            try
            {
                // FileShare.None takes flock(LOCK_EX) on Unix: held until closed, also against other processes.
                return new FileStream(Describe(LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(Describe(LockFile)))
            {
                await Task.Delay(lockRetry, time, cancellationToken);
            }
        }
    }
}
