using System.Text.Json;

namespace MlOps.Ingest.Loading;

/// <summary>One source batch after normalization: rows per table, what was quarantined, and the state to commit with them.</summary>
public sealed record NormalizedBatch
{
    public required string Resource { get; init; }
    public required IReadOnlyList<TableRows> Tables { get; init; }
    public IReadOnlyList<QuarantinedRecord> Quarantined { get; init; } = [];
    public JsonElement? StateAfter { get; init; }
    public long Bytes { get; init; }
}
