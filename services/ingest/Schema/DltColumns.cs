namespace MlOps.Ingest.Schema;

/// <summary>dlt's system columns, as the normalizer adds them and the destination fills or reads them.</summary>
public static class DltColumns
{
    /// <summary>The load that wrote the row (every table).</summary>
    public const string LoadId = "_dlt_load_id";

    /// <summary>The row's id (every table): random, or a hash for upsert keys, scd2 row versions and merge children.</summary>
    public const string Id = "_dlt_id";

    /// <summary>A child row's parent `_dlt_id`.</summary>
    public const string ParentId = "_dlt_parent_id";

    /// <summary>A child row's position in its parent's list (bigint).</summary>
    public const string ListIdx = "_dlt_list_idx";

    /// <summary>A child row's root-table `_dlt_id`.</summary>
    public const string RootId = "_dlt_root_id";

    /// <summary>scd2: when the row version became current (the destination fills it).</summary>
    public const string ValidFrom = "_dlt_valid_from";

    /// <summary>scd2: when the row version was retired, null while current (the destination fills it).</summary>
    public const string ValidTo = "_dlt_valid_to";

    /// <summary>A list of scalars becomes a child table with this column.</summary>
    public const string Value = "value";

    /// <summary>True for the `_dlt_` columns, which no contract governs and no row hash covers.</summary>
    public static bool IsSystem(string column) => column.StartsWith("_dlt_", StringComparison.Ordinal);
}
