namespace MlOps.Ingest.Lake;

/// <summary>One dataset's folder in the lake, local or on S3; paths are relative to it and `/`-separated.</summary>
internal interface ILakeStore
{
    /// <summary>Where <paramref name="path"/> is, for readers and messages: an absolute file path or an s3:// url.</summary>
    string Describe(string path);

    /// <summary>A seekable stream to write a new file into; the file is complete once <see cref="FinishAsync"/> returns.</summary>
    Task<Stream> CreateAsync(string path, CancellationToken cancellationToken);

    Task FinishAsync(string path, Stream stream, CancellationToken cancellationToken);

    /// <summary>Writes a small file whole, atomically; false when it exists already (where the store can tell).</summary>
    Task<bool> PutNewAsync(string path, byte[] content, CancellationToken cancellationToken);

    /// <summary>A file's bytes, or null when it does not exist.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>The names of the files directly in <paramref name="folder"/> (none when it does not exist).</summary>
    Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken);

    Task DeleteAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken);

    /// <summary>Holds the dataset's load lock until disposed, waiting while another load (in any process) holds it.</summary>
    Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken);
}
