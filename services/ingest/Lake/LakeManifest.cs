using System.Text.Json;
using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Lake;

/// <summary>
/// `_manifests/&lt;load_id&gt;.json`, written last: a load is visible exactly when its manifest exists. Loads order by
/// <see cref="Sequence"/> (then load id). A table's visible files are those of the newest manifest listing it with
/// `replace: true` and of every later manifest; without such a manifest, of all manifests. The newest manifest holds the
/// schema; a pipeline's state per resource is the newest manifest of that pipeline holding that resource.
/// </summary>
internal sealed record LakeManifest
{
    public int Format { get; init; } = 1;
    public required string LoadId { get; init; }
    public required long Sequence { get; init; }
    public required string Pipeline { get; init; }
    public required DateTime CommittedAt { get; init; }
    public required string SchemaHash { get; init; }
    public required long SchemaVersion { get; init; }
    /// <summary>The dataset schema after this load, as the warehouse stores it in `_dlt_version`.</summary>
    public required JsonElement Schema { get; init; }
    public required IReadOnlyDictionary<string, LakeManifestTable> Tables { get; init; }
    public LakeManifestFile? Quarantine { get; init; }
    public IReadOnlyDictionary<string, JsonElement> State { get; init; } = new Dictionary<string, JsonElement>();
    public IReadOnlyList<QualityResult> Quality { get; init; } = [];
    /// <summary>Per table, the rows written and quarantined, so a retried run reports what this load wrote.</summary>
    public IReadOnlyList<TableLoadResult> Results { get; init; } = [];
}

/// <summary>One table in one load: its files (with row counts) and whether it supersedes the table's earlier files.</summary>
internal sealed record LakeManifestTable(bool Replace, long Rows, IReadOnlyList<LakeManifestFile> Files);

/// <summary>A file of a load, relative to the dataset folder.</summary>
internal sealed record LakeManifestFile(string Path, long Rows);
