using System.Text.RegularExpressions;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>Table and column names from a configuration: validated, then always written double-quoted, never raw.</summary>
public static partial class PostgresIdentifier
{
    public static bool IsValid(string name) => Pattern().IsMatch(name);

    public static string Quote(string name) => IsValid(name)
        ? $"\"{name}\""
        : throw new ArgumentException($"'{name}' is not a valid identifier", nameof(name));

    /// <summary>`schema.table` or `table` (schema public) as its two parts.</summary>
    public static (string Schema, string Table)? ParseTable(string qualified) => qualified.Split('.') switch
    {
        [var table] when IsValid(table) => ("public", table),
        [var schema, var table] when IsValid(schema) && IsValid(table) => (schema, table),
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]{0,62}$")]
    private static partial Regex Pattern();
}
