namespace MlOps.Contracts;

/// <summary>ingest finished a load of a dataset.</summary>
public sealed record DatasetLoaded : IntegrationMessage
{
    /// <summary>The dataset that was loaded.</summary>
    public required Guid DatasetId { get; init; }
    /// <summary>Dataset name, unique per tenant.</summary>
    public required string DatasetName { get; init; }
    /// <summary>Monotonic version of the dataset after this load.</summary>
    public required long Version { get; init; }
    /// <summary>The load id that produced this version.</summary>
    public required Guid LoadId { get; init; }
    /// <summary>Rows written by the load.</summary>
    public required long RowCount { get; init; }
}
