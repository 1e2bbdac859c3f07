using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Warehouse;

/// <summary>What a load commits besides its rows: the evolved schema with its hash, and the quality checks per table.</summary>
public sealed record LoadCommit
{
    public required DatasetSchema Schema { get; init; }
    public required string SchemaHash { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<QualityCheck>> Checks { get; init; } =
        new Dictionary<string, IReadOnlyList<QualityCheck>>();
}
