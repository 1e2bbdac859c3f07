using System.Text.Json;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Warehouse;

/// <summary>What the last committed loads of a dataset left: per-resource state of one pipeline and the latest schema version.</summary>
public sealed record CommittedState
{
    public IReadOnlyDictionary<string, JsonElement> State { get; init; } = new Dictionary<string, JsonElement>();
    public DatasetSchema? Schema { get; init; }
    public string? SchemaHash { get; init; }
    public long SchemaVersion { get; init; }
}
