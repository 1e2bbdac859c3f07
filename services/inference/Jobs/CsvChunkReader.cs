using nietras.SeparatedValues;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Jobs;

/// <summary>Reads a CSV job input in chunks of column arrays, one per model input (other columns are ignored).</summary>
public sealed class CsvChunkReader : IJobChunkReader
{
    private readonly SepReader _reader;
    private readonly ModelSignature _signature;
    private readonly int[] _columns;
    private long _row;

    public CsvChunkReader(string path, ModelSignature signature)
    {
        _reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true, CreateToString = SepToString.PoolPerCol() }).FromFile(path);
        _signature = signature;
        _columns = [.. signature.Inputs.Select(spec => _reader.Header.TryIndexOf(spec.Name, out var index) ? index
            : throw new JobInputException($"the CSV has no column '{spec.Name}'; the model's inputs are {string.Join(", ", signature.Inputs.Select(i => i.Name))}"))];
        foreach (var spec in signature.Inputs.Where(s => s.RowSize != 1))
        {
            throw new JobInputException($"input '{spec.Name}' holds {spec.ShapeText} per row; CSV columns carry one value each");
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

    public Tensor[]? ReadChunk(int maxRows)
    {
        var inputs = _signature.Inputs;
        var columns = inputs.Select(spec => spec.Datatype.Allocate(maxRows)).ToArray();
        var rows = 0;
        while (rows < maxRows && _reader.MoveNext())
        {
            var record = _reader.Current;
            for (var i = 0; i < columns.Length; i++)
            {
                var cell = record[_columns[i]];
                if (columns[i] is string[] strings)
                {
                    strings[rows] = cell.ToString();
                }
                else if (!CellParser.TryParse(cell.Span, columns[i], rows))
                {
                    throw new JobInputException($"row {_row + 1}: column '{inputs[i].Name}' value '{CellParser.Quote(cell.Span)}' is not a valid {inputs[i].Datatype.Name()}");
                }
            }
            rows++;
            _row++;
        }
        return rows == 0 ? null : ChunkTensors.Build(inputs, columns, rows);
    }

    public void Dispose() => _reader.Dispose();
}
