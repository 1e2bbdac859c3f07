using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Schema;

/// <summary>
/// A warehouse table: its columns in order (the `_dlt_` system columns included) and how it loads. A child table (from a
/// list in a document) names its <see cref="Parent"/> and carries `_dlt_parent_id`, `_dlt_list_idx` and `_dlt_root_id`.
/// </summary>
public sealed record TableSchema
{
    public required string Name { get; init; }
    public string? Parent { get; init; }
    public required IReadOnlyList<ColumnSchema> Columns { get; init; }
    public WriteDisposition Disposition { get; init; } = WriteDisposition.Append;
    public MergeStrategy MergeStrategy { get; init; } = MergeStrategy.DeleteInsert;
}
