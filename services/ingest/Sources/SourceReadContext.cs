using System.Text.Json;

namespace MlOps.Ingest.Sources;

/// <summary>What a read needs besides its configuration: the tenant, the committed incremental state and the batch size.</summary>
public sealed record SourceReadContext
{
    public required string TenantId { get; init; }

    /// <summary>Per resource, the state the last committed load left (the source's own JSON, e.g. the cursor's last value).</summary>
    public IReadOnlyDictionary<string, JsonElement> State { get; init; } = new Dictionary<string, JsonElement>();

    public int BatchRows { get; init; } = 10_000;
}
