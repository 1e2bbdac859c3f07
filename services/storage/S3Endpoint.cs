namespace MlOps.Storage;

/// <summary>Where an S3 client connects, as operators configure it (never a user's input).</summary>
public interface IS3Endpoint
{
    /// <summary>An S3-compatible endpoint (MinIO, s3rver); unset, AWS in <see cref="Region"/>.</summary>
    string? ServiceUrl { get; }
    string Region { get; }
    /// <summary>Access key id; unset, the SDK's default credential chain.</summary>
    string? AccessKey { get; }
    string? SecretKey { get; }
    /// <summary>Path-style addressing (bucket in the path), which most S3-compatible servers need.</summary>
    bool ForcePathStyle { get; }
}
