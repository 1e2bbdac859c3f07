namespace MlOps.Ingest.Schema;

/// <summary>dlt's data type names (as written in `columns` hints) and the ones ingest uses in variant columns.</summary>
public static class DataTypeNames
{
    private static readonly Dictionary<string, DataType> ByHint = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bool"] = DataType.Bool,
        ["bigint"] = DataType.BigInt,
        ["double"] = DataType.Double,
        ["decimal"] = DataType.Decimal,
        ["text"] = DataType.Text,
        ["timestamp"] = DataType.Timestamp,
        ["date"] = DataType.Date,
        ["json"] = DataType.Json,
        ["complex"] = DataType.Json,
    };

    /// <summary>The type a hint names; false for a name dlt does not define here (binary, time, wei are not supported).</summary>
    public static bool TryParse(string hint, out DataType type) => ByHint.TryGetValue(hint, out type);

    public static IReadOnlyCollection<string> Known => ByHint.Keys;

    /// <summary>The suffix of a variant column, `&lt;column&gt;__v_&lt;type&gt;`.</summary>
    public static string Name(DataType type) => type switch
    {
        DataType.Bool => "bool",
        DataType.BigInt => "bigint",
        DataType.Double => "double",
        DataType.Decimal => "decimal",
        DataType.Text => "text",
        DataType.Timestamp => "timestamp",
        DataType.Date => "date",
        _ => "json",
    };
}
