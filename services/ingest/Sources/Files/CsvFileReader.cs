using System.Runtime.CompilerServices;
using System.Text;
using nietras.SeparatedValues;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// CSV through Sep: the header names the columns, values stay strings (the normalizer infers types), an empty cell is null.
/// A row with the wrong number of cells or invalid UTF-8 is rejected with its line number and raw text. Memory: one batch
/// of rows (handed out at BatchRows rows or MaxBatchBytes) plus Sep's buffer, which grows to the longest row: rows are
/// capped at MaxCsvRowBytes and columns at MaxCsvColumns.
/// </summary>
public static class CsvFileReader
{
    private const char Replacement = '\uFFFD';

    public static async IAsyncEnumerable<SourceBatch> ReadAsync(
        Stream stream, string file, string resource, CsvOptions csv, int batchRows, FileReadLimits limits, Func<long> bytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Invalid UTF-8 becomes U+FFFD, which rejects the row that holds it instead of failing the whole file.
        var bounded = new CsvRowLimitStream(stream, file, limits.MaxCsvRowBytes, csv.Quoted);
        using var text = new StreamReader(bounded, new UTF8Encoding(false, false), true, 64 * 1024);
        var options = new Sep(csv.Delimiter).Reader(o => o with
        {
            HasHeader = csv.Header,
            Unescape = true,
            DisableColCountCheck = true,
            DisableQuotesParsing = !csv.Quoted,
            CreateToString = SepToString.PoolPerCol(maximumStringLength: 32),
        });
        SepReader reader;
        try
        {
            reader = await options.FromAsync(text, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not InvalidDataException and not SourceException)
        {
            throw new SourceException($"{file} line 1: the header cannot be read ({e.Message})", e);
        }
        using var _ = reader;
        string[]? columns = csv.Header ? Header(reader, file, limits.MaxCsvColumns) : null;
        if (columns is { Length: 0 })
        {
            yield break;
        }
        var rows = new List<object?[]>(batchRows);
        var lines = new List<int>(batchRows);
        var rejected = new List<RejectedRecord>();
        long reported = 0;
        long batchBytes = 0;
        while (await reader.MoveNextAsync(cancellationToken))
        {
            columns ??= Generated(reader.Current.ColCount, file, limits.MaxCsvColumns);
            batchBytes += Take(reader, columns.Length, file, rows, lines, rejected);
            if (rows.Count + rejected.Count >= batchRows || batchBytes >= limits.MaxBatchBytes)
            {
                batchBytes = 0;
                yield return Batch(resource, file, columns, rows, lines, rejected, bytes() - reported);
                reported = bytes();
                rows = new List<object?[]>(batchRows);
                lines = new List<int>(batchRows);
                rejected = [];
            }
        }
        if (rows.Count + rejected.Count > 0 || bytes() > reported)
        {
            yield return Batch(resource, file, columns ?? [], rows, lines, rejected, bytes() - reported);
        }
    }

    private static string[] Header(SepReader reader, string file, int maxColumns)
    {
        var names = reader.Header.ColNames;
        if (names.Count > maxColumns)
        {
            throw new SourceException(TooWide(file, names.Count, maxColumns));
        }
        var columns = new string[names.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            if (names[i].Contains(Replacement))
            {
                throw new SourceException($"{file} line 1: the header is not valid UTF-8");
            }
            columns[i] = names[i].Length > 0 ? names[i] : $"column_{i + 1}";
        }
        return columns;
    }

    /// <summary>Names for a file without a header, from its first row.</summary>
    private static string[] Generated(int count, string file, int maxColumns) => count <= maxColumns
        ? [.. Enumerable.Range(1, count).Select(i => $"column_{i}")]
        : throw new SourceException(TooWide(file, count, maxColumns));

    private static string TooWide(string file, int count, int maxColumns) =>
        $"{file} line 1: {count} columns, more than {maxColumns} (MlOps:Ingest:FileLimits:MaxCsvColumns)";

    /// <summary>Copies the current row's cells or rejects the row; returns its length in chars. Own method: a ref struct row.</summary>
    private static int Take(SepReader reader, int width, string file, List<object?[]> rows, List<int> lines, List<RejectedRecord> rejected)
    {
        var row = reader.Current;
        // Sep 0.17 numbers the first row of a header-less file as line 2.
        var line = !reader.HasHeader && row.RowIndex == 0 ? 1 : row.LineNumberFrom;
        if (row.ColCount != width)
        {
            rejected.Add(new RejectedRecord($"{file} line {line}", $"{row.ColCount} cells where the header has {width}", row.Span.ToString()));
            return row.Span.Length;
        }
        if (row.Span.Contains(Replacement))
        {
            rejected.Add(new RejectedRecord($"{file} line {line}", "not valid UTF-8", row.Span.ToString()));
            return row.Span.Length;
        }
        var values = new object?[width];
        for (var i = 0; i < width; i++)
        {
            var cell = row[i];
            values[i] = cell.Span.Length == 0 ? null : cell.ToString();
        }
        rows.Add(values);
        lines.Add(line);
        return row.Span.Length;
    }

    private static SourceBatch Batch(
        string resource, string file, string[] columns, List<object?[]> rows, List<int> lines, List<RejectedRecord> rejected, long bytes)
    {
        var at = lines.ToArray();
        return new SourceBatch
        {
            Resource = resource,
            Columns = columns,
            ColumnTypes = new Schema.DataType?[columns.Length],
            Rows = rows,
            PositionOf = i => $"{file} line {at[i]}",
            Rejected = rejected,
            Bytes = bytes,
        };
    }
}
