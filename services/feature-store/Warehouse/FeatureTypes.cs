namespace MlOps.FeatureStore.Warehouse;

/// <summary>The types a feature is served as, and the warehouse column types each accepts.</summary>
public static class FeatureTypes
{
    private static readonly Dictionary<string, string[]> Accepted = new(StringComparer.Ordinal)
    {
        ["int64"] = ["bigint", "integer", "smallint"],
        ["float64"] = ["double precision", "real", "numeric", "bigint", "integer", "smallint"],
        ["string"] = ["text", "character varying", "character"],
        ["bool"] = ["boolean"],
        ["timestamp"] = ["timestamp with time zone", "timestamp without time zone", "date"],
    };

    /// <summary>Column types an event timestamp may have.</summary>
    public static readonly string[] EventTime = ["timestamp with time zone", "timestamp without time zone", "date"];

    /// <summary>Column types a join key may have (compared by value, so no floating point).</summary>
    public static readonly string[] JoinKey = ["bigint", "integer", "smallint", "text", "character varying", "character", "uuid"];

    public static IEnumerable<string> Names => Accepted.Keys;

    public static bool IsKnown(string type) => Accepted.ContainsKey(type);

    public static bool Accepts(string type, string columnType) => Accepted.TryGetValue(type, out var columns) && columns.Contains(columnType);

    /// <summary>The SQL cast a value read from the warehouse gets, so the reader returns the served type.</summary>
    public static string Cast(string type) => type switch
    {
        "int64" => "bigint",
        "float64" => "float8",
        "string" => "text",
        "bool" => "boolean",
        _ => "timestamptz",
    };
}
