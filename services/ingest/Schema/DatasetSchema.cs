namespace MlOps.Ingest.Schema;

/// <summary>
/// Every table of one dataset. Stored as JSON in `_dlt_version` with its sha256 (<see cref="Version"/> counts changes);
/// the normalizer evolves it as data arrives, the destination creates and alters tables to match.
/// </summary>
public sealed record DatasetSchema
{
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, TableSchema> Tables { get; init; } = new Dictionary<string, TableSchema>();
    public long Version { get; init; }
}
