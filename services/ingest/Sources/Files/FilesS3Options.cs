using System.ComponentModel.DataAnnotations;

namespace MlOps.Ingest.Sources.Files;

/// <summary>The S3 endpoint `s3` locations read from (MlOps:Ingest:S3); the AWS default chain when no keys are set.</summary>
public sealed class FilesS3Options : MlOps.Storage.IS3Endpoint
{
    /// <summary>An S3-compatible endpoint (MinIO, s3rver); unset, AWS in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }
    public bool ForcePathStyle { get; set; }
    public string Region { get; set; } = "us-east-1";
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }

    /// <summary>The only buckets `s3` file locations may name (each tenant reads under `&lt;tenant&gt;/` in them); empty, none.</summary>
    public List<string> AllowedBuckets { get; set; } = [];

    /// <summary>The most objects one prefix location may list, so a listing cannot grow without bound.</summary>
    [Range(1, 10_000_000)]
    public int MaxListedObjects { get; set; } = 10_000;
}
