using System.Globalization;
using System.Runtime.CompilerServices;
using MlOps.Ingest.Schema;
using Parquet;
using Parquet.Schema;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// Parquet through Parquet.Net, one row group at a time: column types from the file's schema, values typed. Memory: the
/// columns of one row group, which Parquet.Net reads whole, so a row group past MaxParquetRowGroupRows rows or
/// MaxParquetRowGroupValues values is refused before it is read. Nested columns (lists, maps, structs) are refused.
/// </summary>
public static class ParquetFileReader
{
    public static async IAsyncEnumerable<SourceBatch> ReadAsync(
        Stream seekable, string file, string resource, int batchRows, long fileBytes, FileReadLimits limits,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(seekable, new ParquetOptions { UseDateOnlyTypeForDates = true }, true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SourceException($"{file}: not a Parquet file ({e.Message})", e);
        }
        await using var _ = reader;
        var fields = Fields(reader.Schema, file);
        var columns = fields.Select(f => f.Name).ToArray();
        var types = fields.Select(f => (DataType?)TypeOf(f, file)).ToArray();
        long rowBase = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = RowsOf(group.RowCount, fields.Length, file, g, limits);
            var values = new object?[fields.Length][];
            for (var c = 0; c < fields.Length; c++)
            {
                values[c] = await ParquetColumns.ReadAsync(group, fields[c], count, cancellationToken);
            }
            for (var start = 0; start < count; start += batchRows)
            {
                var size = Math.Min(batchRows, count - start);
                var rows = new object?[size][];
                for (var r = 0; r < size; r++)
                {
                    var row = new object?[fields.Length];
                    for (var c = 0; c < fields.Length; c++)
                    {
                        row[c] = values[c][start + r];
                    }
                    rows[r] = row;
                }
                var first = rowBase + start + 1;
                var last = g == reader.RowGroupCount - 1 && start + size == count;
                yield return new SourceBatch
                {
                    Resource = resource,
                    Columns = columns,
                    ColumnTypes = types,
                    Rows = rows,
                    PositionOf = i => string.Create(CultureInfo.InvariantCulture, $"{file} row {first + i}"),
                    // Parquet is read whole from a seekable copy: the file's size is counted once, with its last batch.
                    Bytes = last ? fileBytes : 0,
                };
            }
            rowBase += count;
        }
    }

    /// <summary>The row group's declared row count, refused past the limits: it sizes the buffers before any data is read.</summary>
    private static int RowsOf(long rows, int columns, string file, int group, FileReadLimits limits)
    {
        if (rows > limits.MaxParquetRowGroupRows)
        {
            throw new SourceException(
                $"{file}: row group {group} has {rows} rows, more than {limits.MaxParquetRowGroupRows} " +
                "(MlOps:Ingest:FileLimits:MaxParquetRowGroupRows)");
        }
        if (rows * columns > limits.MaxParquetRowGroupValues)
        {
            throw new SourceException($"{file}: row group {group} has {rows} rows × {columns} columns, more than " +
                $"{limits.MaxParquetRowGroupValues} values (MlOps:Ingest:FileLimits:MaxParquetRowGroupValues)");
        }
        return rows >= 0 ? (int)rows : throw new SourceException($"{file}: row group {group} declares {rows} rows");
    }

    private static DataField[] Fields(ParquetSchema schema, string file)
    {
        foreach (var field in schema.Fields)
        {
            if (field is not DataField { IsArray: false })
            {
                throw new SourceException($"{file}: column {field.Name} is a nested Parquet type ({field.SchemaType}), not supported");
            }
        }
        return schema.GetDataFields();
    }

    private static DataType TypeOf(DataField field, string file) => ParquetColumns.TypeOf(field)
        ?? throw new SourceException($"{file}: column {field.Name} has Parquet type {field.ClrType.Name}, not supported");
}
