using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Sources;

/// <summary>How one resource loads: dlt's `primary_key`, `write_disposition`, `columns` and `schema_contract`, plus quality checks.</summary>
public sealed record ResourceHints
{
    public required string Name { get; init; }

    /// <summary>The target table; the resource name unless dlt's `table_name` says otherwise.</summary>
    public string? TableName { get; init; }

    public WriteDisposition Disposition { get; init; } = WriteDisposition.Append;

    /// <summary>For merge: delete-insert (dlt's default), upsert or scd2.</summary>
    public MergeStrategy MergeStrategy { get; init; } = MergeStrategy.DeleteInsert;

    public IReadOnlyList<string> PrimaryKey { get; init; } = [];

    /// <summary>Column hints by column name.</summary>
    public IReadOnlyDictionary<string, ColumnHint> Columns { get; init; } = new Dictionary<string, ColumnHint>();

    public SchemaContract Contract { get; init; } = SchemaContract.Evolve;

    public IReadOnlyList<QualityCheck> Quality { get; init; } = [];
}
