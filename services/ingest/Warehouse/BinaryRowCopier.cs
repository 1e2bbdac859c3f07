using System.Buffers;
using System.Globalization;
using MlOps.Ingest.Schema;
using Npgsql;

namespace MlOps.Ingest.Warehouse;

/// <summary>Typed binary COPY of normalized rows: one COPY per call, no per-row SQL, encoded here and sent in 64 KiB writes.</summary>
internal static class BinaryRowCopier
{
    /// <summary>Encoded rows are sent once this much is buffered: memory is one write, not the batch.</summary>
    private const int SendBytes = 64 * 1024;

    public static async Task<int> CopyAsync(
        NpgsqlConnection connection, string target, IReadOnlyList<ColumnSchema> columns, IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken)
    {
        var types = new DataType[columns.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = columns[i].Type;
        }
        var sql = $"COPY {target} ({PgSql.ColumnList(columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
        var buffer = new ArrayBufferWriter<byte>(SendBytes + SendBytes / 4);
        var copy = await connection.BeginRawBinaryCopyAsync(sql, cancellationToken);
        try
        {
            BinaryCopyEncoder.Header(buffer);
            foreach (var row in rows)
            {
                EncodeRow(buffer, types, row);
                if (buffer.WrittenCount >= SendBytes)
                {
                    await copy.WriteAsync(buffer.WrittenMemory, cancellationToken);
                    buffer.ResetWrittenCount();
                }
            }
            BinaryCopyEncoder.Trailer(buffer);
            await copy.WriteAsync(buffer.WrittenMemory, cancellationToken);
        }
        catch
        {
            await AbandonAsync(copy);
            throw;
        }
        // Ending the COPY is where PostgreSQL's verdict on the rows (a constraint, an encoding) arrives.
        await copy.DisposeAsync();
        return rows.Count;
    }

    /// <summary>
    /// Ends a COPY that stopped part-way with CopyFail, so nothing of it is kept; a failure to do so (the connection broke) is
    /// not what the caller needs to hear, the reason the COPY stopped is.
    /// </summary>
    private static async Task AbandonAsync(NpgsqlRawCopyStream copy)
    {
        try
        {
            await copy.CancelAsync();
            await copy.DisposeAsync();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException
            or OperationCanceledException or TimeoutException)
        {
            // The load's transaction rolls back anyway.
        }
    }

    private static void EncodeRow(ArrayBufferWriter<byte> buffer, DataType[] types, object?[] row)
    {
        BinaryCopyEncoder.RowStart(buffer, types.Length);
        for (var i = 0; i < types.Length; i++)
        {
            if ((i < row.Length ? row[i] : null) is not { } value)
            {
                BinaryCopyEncoder.Null(buffer);
                continue;
            }
            switch (types[i])
            {
                case DataType.Bool:
                    BinaryCopyEncoder.Bool(buffer, (bool)value);
                    break;
                case DataType.BigInt:
                    BinaryCopyEncoder.BigInt(buffer, AsBigInt(value));
                    break;
                case DataType.Double:
                    BinaryCopyEncoder.Double(buffer, AsDouble(value));
                    break;
                case DataType.Decimal:
                    BinaryCopyEncoder.Decimal(buffer, AsDecimal(value));
                    break;
                case DataType.Timestamp:
                    BinaryCopyEncoder.TimestampUtc(buffer, AsUtc(value));
                    break;
                case DataType.Date:
                    BinaryCopyEncoder.Date(buffer, (DateOnly)value);
                    break;
                case DataType.Json:
                    BinaryCopyEncoder.Jsonb(buffer, value as string ?? value.ToString()!);
                    break;
                default:
                    BinaryCopyEncoder.Text(buffer, AsText(value));
                    break;
            }
        }
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

    private static DateTime AsUtc(object value) => value switch
    {
        DateTime { Kind: DateTimeKind.Utc } t => t,
        DateTime t => t.ToUniversalTime(),
        DateTimeOffset o => o.UtcDateTime,
        _ => throw new InvalidCastException($"a {value.GetType().Name} is not a timestamp"),
    };
}
