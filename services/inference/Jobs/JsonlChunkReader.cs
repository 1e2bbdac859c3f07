using System.Text.Json;
using MlOps.Inference.Apis;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Jobs;

/// <summary>
/// Reads a JSON Lines job input (one object of feature values per line) in chunks; blank lines are skipped. A line that is
/// too long, not a JSON object, or lacks a valid feature is a bad row: left out of the chunk and reported with its line number.
/// </summary>
public sealed class JsonlChunkReader(string path, ModelSignature signature, int maxLineLength) : IJobChunkReader
{
    private readonly BoundedLineReader _reader = new(path, maxLineLength);
    private long _line;
    private long _row;

    public void Skip(long rows)
    {
        while (_row < rows && NextLine(out _) is not null)
        {
            _row++;
        }
    }

    public JobChunk? ReadChunk(int maxRows)
    {
        var inputs = signature.Inputs;
        var columns = inputs.Select(spec => spec.Datatype.Allocate(maxRows)).ToArray();
        var indexes = new List<long>();
        var skipped = new List<SkippedRow>();
        var read = 0;
        while (read < maxRows && NextLine(out var tooLong) is { } line)
        {
            var error = tooLong
                ? $"line {_line}: longer than {maxLineLength} characters (MlOps:Inference:Jobs:MaxLineLength)"
                : ReadRow(line, columns, indexes.Count);
            if (error is null)
            {
                indexes.Add(_row);
            }
            else
            {
                skipped.Add(new SkippedRow(_line, error));
            }
            read++;
            _row++;
        }
        return read == 0 ? null : new JobChunk(ChunkTensors.Build(inputs, columns, indexes.Count), [.. indexes], read, skipped);
    }

    /// <summary>Parses a line into the columns at <paramref name="at"/>; the error naming the line when it is bad.</summary>
    private string? ReadRow(string line, Array[] columns, int at)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            return $"line {_line}: not valid JSON ({e.Message})";
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return $"line {_line}: not a JSON object";
            }
            var inputs = signature.Inputs;
            for (var i = 0; i < inputs.Count; i++)
            {
                if (!document.RootElement.TryGetProperty(inputs[i].Name, out var value))
                {
                    return $"line {_line}: no feature '{inputs[i].Name}'";
                }
                if (!InstanceTensors.TrySet(columns[i], at, value))
                {
                    return $"line {_line}: feature '{inputs[i].Name}' value {CellParser.Quote(value.GetRawText())} is not a valid {inputs[i].Datatype.Name()}";
                }
            }
            return null;
        }
    }

    /// <summary>The next non-blank line (empty when too long), counting every line read.</summary>
    private string? NextLine(out bool tooLong)
    {
        while (_reader.ReadLine(out tooLong) is { } line)
        {
            _line++;
            if (tooLong || !string.IsNullOrWhiteSpace(line))
            {
                return line;
            }
        }
        return null;
    }

    public void Dispose() => _reader.Dispose();
}
