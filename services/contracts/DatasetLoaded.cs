namespace MlOps.Contracts;

/// <summary>ingest committed a load: one event per table the load wrote.</summary>
public sealed record DatasetLoaded : IntegrationMessage
{
    /// <summary>The pipeline that ran.</summary>
    public required string Pipeline { get; init; }
    /// <summary>Dataset name, unique per tenant (a warehouse schema, <see cref="WarehouseNames.Schema"/>).</summary>
    public required string Dataset { get; init; }
    /// <summary>The table written.</summary>
    public required string Table { get; init; }
    /// <summary>The load that wrote it (a version 7 uuid: load ids sort by time).</summary>
    public required Guid LoadId { get; init; }
    /// <summary>Rows the load wrote to this table.</summary>
    public required long Rows { get; init; }
    /// <summary>sha256 of the dataset's schema after the load.</summary>
    public required string SchemaHash { get; init; }
    /// <summary>
    /// The rows this load wrote, as training data (label and features left to whoever trains on it); null for a load into
    /// the Parquet lake, which the trainer does not read.
    /// </summary>
    public TrainingDataRef? Data { get; init; }
}
