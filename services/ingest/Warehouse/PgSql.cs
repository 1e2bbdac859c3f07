using MlOps.Ingest.Schema;
using NpgsqlTypes;

namespace MlOps.Ingest.Warehouse;

/// <summary>Quoting and type mapping for the PostgreSQL warehouse.</summary>
internal static class PgSql
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Table(string schema, string table) => Quote(schema) + "." + Quote(table);

    public static string ColumnList(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    public static string TypeOf(ColumnSchema column) => column.Type switch
    {
        DataType.Bool => "boolean",
        DataType.BigInt => "bigint",
        DataType.Double => "double precision",
        DataType.Decimal when column.Precision is { } p => $"numeric({p},{column.Scale ?? 0})",
        DataType.Decimal => "numeric",
        DataType.Text => "text",
        DataType.Timestamp => "timestamptz",
        DataType.Date => "date",
        _ => "jsonb",
    };

    public static NpgsqlDbType DbTypeOf(DataType type) => type switch
    {
        DataType.Bool => NpgsqlDbType.Boolean,
        DataType.BigInt => NpgsqlDbType.Bigint,
        DataType.Double => NpgsqlDbType.Double,
        DataType.Decimal => NpgsqlDbType.Numeric,
        DataType.Text => NpgsqlDbType.Text,
        DataType.Timestamp => NpgsqlDbType.TimestampTz,
        DataType.Date => NpgsqlDbType.Date,
        _ => NpgsqlDbType.Jsonb,
    };

    /// <summary>The SQL condition under which a row is a hard delete (dlt: true for bool, not null otherwise).</summary>
    public static string HardDeleteCondition(ColumnSchema column, string alias) =>
        column.Type == DataType.Bool ? $"{alias}.{Quote(column.Name)} IS TRUE" : $"{alias}.{Quote(column.Name)} IS NOT NULL";
}
