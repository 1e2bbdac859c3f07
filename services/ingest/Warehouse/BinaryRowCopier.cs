using System.Globalization;
using MlOps.Ingest.Schema;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.Ingest.Warehouse;

/// <summary>Typed binary COPY of normalized rows: one COPY per call, no per-row SQL.</summary>
internal static class BinaryRowCopier
{
    public static async Task<ulong> CopyAsync(
        NpgsqlConnection connection, string target, IReadOnlyList<ColumnSchema> columns, IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken)
    {
        var types = new DataType[columns.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = columns[i].Type;
        }
        var sql = $"COPY {target} ({PgSql.ColumnList(columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(sql, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < types.Length; i++)
            {
                var value = i < row.Length ? row[i] : null;
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await WriteAsync(importer, types[i], value, cancellationToken);
                }
            }
        }
        return await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// A bigint, double, decimal or text value in the CLR type it is written as (other types as they are). The normalizer hands
    /// the declared CLR type; the conversions only cover a widened column (a bigint value in a double column).
    /// </summary>
    public static object AsWritten(DataType type, object value) => type switch
    {
        DataType.BigInt when value is not long => AsBigInt(value),
        DataType.Double when value is not double => AsDouble(value),
        DataType.Decimal when value is not decimal => AsDecimal(value),
        DataType.Text => AsText(value),
        _ => value,
    };

    private static long AsBigInt(object value) => value is long l ? l : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double AsDouble(object value) => value is double d ? d : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static decimal AsDecimal(object value) => value is decimal m ? m : Convert.ToDecimal(value, CultureInfo.InvariantCulture);

    private static string AsText(object value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!;

    private static Task WriteAsync(NpgsqlBinaryImporter importer, DataType type, object value, CancellationToken cancellationToken) =>
        type switch
        {
            DataType.Bool => importer.WriteAsync((bool)value, NpgsqlDbType.Boolean, cancellationToken),
            DataType.BigInt => importer.WriteAsync(AsBigInt(value), NpgsqlDbType.Bigint, cancellationToken),
            DataType.Double => importer.WriteAsync(AsDouble(value), NpgsqlDbType.Double, cancellationToken),
            DataType.Decimal => importer.WriteAsync(AsDecimal(value), NpgsqlDbType.Numeric, cancellationToken),
            DataType.Timestamp => value switch
            {
                DateTime { Kind: DateTimeKind.Utc } t => importer.WriteAsync(t, NpgsqlDbType.TimestampTz, cancellationToken),
                DateTime t => importer.WriteAsync(t.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken),
                DateTimeOffset o => importer.WriteAsync(o.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken),
                _ => throw new InvalidCastException($"a {value.GetType().Name} is not a timestamp"),
            },
            DataType.Date => importer.WriteAsync((DateOnly)value, NpgsqlDbType.Date, cancellationToken),
            DataType.Json => importer.WriteAsync(value as string ?? value.ToString()!, NpgsqlDbType.Jsonb, cancellationToken),
            _ => importer.WriteAsync(AsText(value), NpgsqlDbType.Text, cancellationToken),
        };
}
