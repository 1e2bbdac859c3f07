using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry.Artifacts;

/// <summary>An S3-compatible bucket for artifacts (AWS S3, MinIO, Ceph, ...); bound from MlOps:Registry:S3.</summary>
public sealed class S3StoreOptions : MlOps.Storage.IS3Endpoint
{
    public const string SectionName = "MlOps:Registry:S3";

    /// <summary>Endpoint of an S3-compatible service; empty for AWS itself (then Region applies).</summary>
    public string? ServiceUrl { get; set; }

    [Required]
    public string Bucket { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key id; when empty the SDK's default credential chain is used.</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style addressing (bucket in the path), which most S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
