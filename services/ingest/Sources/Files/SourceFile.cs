namespace MlOps.Ingest.Sources.Files;

/// <summary>One file to read: its name (as positions and the incremental state spell it), size, modification time and how to open it.</summary>
public sealed record SourceFile(string Name, long Length, DateTimeOffset LastModified, Func<CancellationToken, Task<Stream>> OpenAsync)
{
    /// <summary>The file on local disk, when it is one (Parquet reads it in place instead of copying it to a seekable temp file).</summary>
    public string? LocalPath { get; init; }

    public static SourceFile Local(string name, string path)
    {
        var info = new FileInfo(path);
        return new SourceFile(name, info.Length, info.LastWriteTimeUtc, _ => Task.FromResult<Stream>(OpenLocal(path)))
        {
            LocalPath = path,
        };
    }

    public static FileStream OpenLocal(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
