using System.ComponentModel.DataAnnotations;

namespace MlOps.Ingest.Model;

/// <summary>`postgres` (the warehouse) or `parquet` (a lake folder or `s3://bucket/prefix`, given in url).</summary>
public sealed record PipelineDestinationRequest(
    [property: Required, AllowedValues("postgres", "parquet")] string Type,
    [property: StringLength(1000)] string? Url);
