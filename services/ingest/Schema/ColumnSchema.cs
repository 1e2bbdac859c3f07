namespace MlOps.Ingest.Schema;

/// <summary>A warehouse column: its normalized name and type, and the hints that shape how it loads.</summary>
public sealed record ColumnSchema
{
    public required string Name { get; init; }
    public required DataType Type { get; init; }
    public bool Nullable { get; init; } = true;
    public bool PrimaryKey { get; init; }
    /// <summary>dlt's `hard_delete`: on merge, a row whose value here is true (or not null, for non-bool) is deleted.</summary>
    public bool HardDelete { get; init; }
    public int? Precision { get; init; }
    public int? Scale { get; init; }
    /// <summary>For a variant column `&lt;col&gt;__v_&lt;type&gt;`, the column it holds odd values of.</summary>
    public string? VariantOf { get; init; }
}
