using nietras.SeparatedValues;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Jobs;

/// <summary>
/// Reads a CSV job input in chunks of column arrays, one per model input (other columns are ignored). A row whose cell
/// count differs from the header's, or whose cell does not parse, is a bad row: left out of the chunk and reported with its number.
/// </summary>
public sealed class CsvChunkReader : IJobChunkReader
{
    private readonly SepReader _reader;
    private readonly ModelSignature _signature;
    private readonly int[] _columns;
    private readonly int _headerCells;
    private long _row;

    public CsvChunkReader(string path, ModelSignature signature)
    {
        // The cell count is checked here, per row: Sep's own check throws and would end the whole job on one short row.
        _reader = Open(path);
        _signature = signature;
        _headerCells = _reader.Header.ColNames.Count;
        _columns = [.. signature.Inputs.Select(spec => _reader.Header.TryIndexOf(spec.Name, out var index) ? index
            : throw new JobInputException($"the CSV has no column '{spec.Name}'; the model's inputs are {string.Join(", ", signature.Inputs.Select(i => i.Name))}"))];
        foreach (var spec in signature.Inputs.Where(s => s.RowSize != 1))
        {
            throw new JobInputException($"input '{spec.Name}' holds {spec.ShapeText} per row; CSV columns carry one value each");
        }
    }

    private static SepReader Open(string path)
    {
        try
        {
            return Sep.Reader(o => o with
            {
                Sep = new Sep(','), Unescape = true, DisableColCountCheck = true, CreateToString = SepToString.PoolPerCol(),
            }).FromFile(path);
        }
        catch (ArgumentException e)
        {
            // Sep refuses a header that names a column twice; the caller's file is at fault, not the service.
            throw new JobInputException($"the CSV header is invalid: {e.Message}");
        }
    }

    /// <summary>Checks the header only: throws <see cref="JobInputException"/> naming a missing column.</summary>
    public static void ValidateHeader(string path, ModelSignature signature)
    {
        using var reader = new CsvChunkReader(path, signature);
    }

    public void Skip(long rows)
    {
        while (_row < rows && _reader.MoveNext())
        {
            _row++;
        }
    }

    public JobChunk? ReadChunk(int maxRows)
    {
        var inputs = _signature.Inputs;
        var columns = inputs.Select(spec => spec.Datatype.Allocate(maxRows)).ToArray();
        var indexes = new List<long>();
        var skipped = new List<SkippedRow>();
        var read = 0;
        while (read < maxRows && _reader.MoveNext())
        {
            var number = _row + 1;
            if (ReadRow(_reader.Current, columns, indexes.Count, number) is { } error)
            {
                skipped.Add(new SkippedRow(number, error));
            }
            else
            {
                indexes.Add(_row);
            }
            read++;
            _row++;
        }
        return read == 0 ? null : new JobChunk(ChunkTensors.Build(inputs, columns, indexes.Count), [.. indexes], read, skipped);
    }

    /// <summary>Parses a row into the columns at <paramref name="at"/>; the error naming the row when it is bad.</summary>
    private string? ReadRow(SepReader.Row record, Array[] columns, int at, long number)
    {
        if (record.ColCount != _headerCells)
        {
            return $"row {number}: {record.ColCount} cell{(record.ColCount == 1 ? "" : "s")} where the header has {_headerCells}";
        }
        var inputs = _signature.Inputs;
        for (var i = 0; i < columns.Length; i++)
        {
            var cell = record[_columns[i]];
            if (columns[i] is string[] strings)
            {
                strings[at] = cell.ToString();
            }
            else if (!CellParser.TryParse(cell.Span, columns[i], at))
            {
                return $"row {number}: column '{inputs[i].Name}' value '{CellParser.Quote(cell.Span)}' is not a valid {inputs[i].Datatype.Name()}";
            }
        }
        return null;
    }

    public void Dispose() => _reader.Dispose();
}
