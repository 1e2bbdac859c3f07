namespace MlOps.Ingest.Schema;

/// <summary>dlt's column hint: a declared type, nullability, and `hard_delete` (a true value deletes the row on merge).</summary>
public sealed record ColumnHint
{
    public DataType? DataType { get; init; }
    public bool? Nullable { get; init; }
    public bool HardDelete { get; init; }
    /// <summary>decimal precision and scale when the type is decimal.</summary>
    public int? Precision { get; init; }
    public int? Scale { get; init; }
}
