namespace MlOps.Ingest.Loading;

/// <summary>
/// Where a pipeline loads: `postgres` (the warehouse, a schema per tenant and dataset) or `parquet` (a folder per table
/// under <see cref="Url"/>: a path under MlOps:Ingest:LakeRoot/&lt;tenant&gt;, or `s3://bucket/prefix`, kept under `&lt;tenant&gt;/`).
/// </summary>
public sealed record DestinationSpec
{
    public string Type { get; init; } = "postgres";
    public string? Url { get; init; }
}
