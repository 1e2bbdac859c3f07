namespace MlOps.Ingest.Model;

/// <summary>A dataset ingest loads and versions.</summary>
public sealed record DatasetResponse(Guid Id, string Name, string Description, long CurrentVersion, long RowCount, DateTime CreatedAt, DateTime UpdatedAt)
{
    public const string SelectFrom =
        "SELECT id, name, description, current_version AS CurrentVersion, row_count AS RowCount, created_at AS CreatedAt, updated_at AS UpdatedAt FROM datasets";
}
