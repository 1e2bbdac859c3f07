namespace MlOps.Ingest.Sources.Files;

public enum FileLocationKind
{
    Upload,
    Path,
    S3,
}

/// <summary>Where the files are: an upload, a path or glob under the files root, or S3 objects (one key or every key under a prefix).</summary>
public sealed record FileLocation(FileLocationKind Kind)
{
    public string? UploadId { get; init; }
    public string? Path { get; init; }
    public string? Bucket { get; init; }
    public string? Prefix { get; init; }
    public string? Key { get; init; }
}
