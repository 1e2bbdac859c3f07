using System.ComponentModel.DataAnnotations;

namespace MlOps.Ingest.Lake;

/// <summary>The Parquet lake (MlOps:Ingest:Lake, and MlOps:Ingest:LakeRoot for local folders): operator configuration.</summary>
public sealed class LakeOptions
{
    public const string SectionName = "MlOps:Ingest:Lake";
    public const string RootKey = "MlOps:Ingest:LakeRoot";

    /// <summary>Local lake folders resolve under this folder and never outside it; unset, only s3:// urls are accepted.</summary>
    public string? Root { get; set; }

    /// <summary>The only buckets s3:// lake urls may name; empty, S3 lakes are refused.</summary>
    public List<string> AllowedBuckets { get; set; } = [];

    /// <summary>Rows buffered per table before they are written as one row group: the writer's memory bound per open table.</summary>
    [Range(1, 1_000_000)]
    public int RowGroupRows { get; set; } = 10_000;

    /// <summary>Rows per Parquet file before the next file of the load starts.</summary>
    [Range(1, long.MaxValue)]
    public long FileRows { get; set; } = 1_000_000;

    /// <summary>How often a load waiting for a local dataset's lock tries again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan LockRetry { get; set; } = TimeSpan.FromMilliseconds(200);
}
