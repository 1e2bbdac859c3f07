using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using Parquet;
using Parquet.Schema;

namespace MlOps.Ingest.Lake;

/// <summary>
/// Warehouse types as Parquet columns, all nullable: timestamps as TIMESTAMP(MICROS, UTC) and dates as DATE (what DuckDB,
/// Spark and pandas read), decimals with the column's precision and scale or dlt's default (38, 9), json as UTF-8 text.
/// </summary>
internal static class LakeParquetColumns
{
    public const int DefaultPrecision = 38;
    public const int DefaultScale = 9;

    public static DataField Field(ColumnSchema column) => column.Type switch
    {
        DataType.Bool => new DataField<bool?>(column.Name),
        DataType.BigInt => new DataField<long?>(column.Name),
        DataType.Double => new DataField<double?>(column.Name),
        DataType.Decimal => new DecimalDataField(column.Name, column.Precision ?? DefaultPrecision,
            column.Scale ?? (column.Precision is null ? DefaultScale : 0), isNullable: true),
        DataType.Timestamp => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true,
            unit: DateTimeTimeUnit.Micros, isNullable: true),
        DataType.Date => new DataField<DateOnly?>(column.Name),
        _ => new DataField<string>(column.Name, true),
    };

    /// <summary>Writes column <paramref name="index"/> of <paramref name="rows"/> as the row group's next column.</summary>
    public static async Task WriteAsync(
        ParquetRowGroupWriter group, DataField field, ColumnSchema column, int index, IReadOnlyList<object?[]> rows,
        string table, CancellationToken cancellationToken)
    {
        switch (column.Type)
        {
            case DataType.Bool:
                await group.WriteAsync<bool>(field, Values(rows, index, v => v as bool?, table, column), null, null, cancellationToken);
                break;
            case DataType.BigInt:
                await group.WriteAsync<long>(field, Values(rows, index, AsLong, table, column), null, null, cancellationToken);
                break;
            case DataType.Double:
                await group.WriteAsync<double>(field, Values(rows, index, AsDouble, table, column), null, null, cancellationToken);
                break;
            case DataType.Decimal:
                await group.WriteAsync<decimal>(field, Values(rows, index, AsDecimal, table, column), null, null, cancellationToken);
                break;
            case DataType.Timestamp:
                await group.WriteAsync<DateTime>(field, Values(rows, index, AsUtc, table, column), null, null, cancellationToken);
                break;
            case DataType.Date:
                await group.WriteAsync<DateOnly>(field, Values(rows, index, v => v as DateOnly?, table, column), null, null,
                    cancellationToken);
                break;
            default:
                var strings = new string?[rows.Count];
                for (var i = 0; i < strings.Length; i++)
                {
                    strings[i] = Value(rows[i], index) switch
                    {
                        null => null,
                        string s => s,
                        var other => throw Mismatch(table, column, other),
                    };
                }
                await group.WriteAsync(field, strings, null);
                break;
        }
    }

    private static object? Value(object?[] row, int index) => index < row.Length ? row[index] : null;

    private static T?[] Values<T>(IReadOnlyList<object?[]> rows, int index, Func<object, T?> convert, string table, ColumnSchema column)
        where T : struct
    {
        var values = new T?[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (Value(rows[i], index) is { } value)
            {
                values[i] = convert(value) ?? throw Mismatch(table, column, value);
            }
        }
        return values;
    }

    private static long? AsLong(object value) => value switch { long l => l, int i => i, short s => s, _ => null };

    private static double? AsDouble(object value) => value switch { double d => d, float f => f, long l => l, int i => i, _ => null };

    private static decimal? AsDecimal(object value) => value switch { decimal m => m, long l => l, int i => i, _ => null };

    private static DateTime? AsUtc(object value) => value switch
    {
        DateTime { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        DateTime other => DateTime.SpecifyKind(other, DateTimeKind.Utc),
        DateTimeOffset offset => offset.UtcDateTime,
        _ => null,
    };

    private static LoadFailedException Mismatch(string table, ColumnSchema column, object value) =>
        new($"{table}.{column.Name}: a {value.GetType().Name} value in a {DataTypeNames.Name(column.Type)} column");
}
