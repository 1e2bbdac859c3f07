namespace MlOps.Ingest.Model;

/// <summary>A dataset ingest loads: a warehouse schema per tenant; its version counts committed loads.</summary>
public sealed record DatasetResponse(Guid Id, string Name, string Description, long CurrentVersion, long RowCount, Guid? LastLoadId, string? SchemaHash,
    DateTime CreatedAt, DateTime UpdatedAt)
{
    public const string SelectFrom =
        "SELECT id, name, description, current_version AS CurrentVersion, row_count AS RowCount, last_load_id AS LastLoadId, schema_hash AS SchemaHash, created_at AS CreatedAt, updated_at AS UpdatedAt FROM datasets";
}
