using System.Text.Json;
using MlOps.Inference.Apis;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Jobs;

/// <summary>Reads a JSON Lines job input (one object of feature values per line) in chunks; blank lines are skipped.</summary>
public sealed class JsonlChunkReader(string path, ModelSignature signature) : IJobChunkReader
{
    private readonly StreamReader _reader = new(path);
    private long _line;

    public void Skip(long rows)
    {
        for (long skipped = 0; skipped < rows && NextLine() is not null; skipped++)
        {
        }
    }

    public Tensor[]? ReadChunk(int maxRows)
    {
        var inputs = signature.Inputs;
        var columns = inputs.Select(spec => spec.Datatype.Allocate(maxRows)).ToArray();
        var rows = 0;
        while (rows < maxRows && NextLine() is { } line)
        {
            using var document = Parse(line);
            for (var i = 0; i < inputs.Count; i++)
            {
                if (!document.RootElement.TryGetProperty(inputs[i].Name, out var value))
                {
                    throw new JobInputException($"line {_line}: no feature '{inputs[i].Name}'");
                }
                if (!InstanceTensors.TrySet(columns[i], rows, value))
                {
                    throw new JobInputException($"line {_line}: feature '{inputs[i].Name}' value {value.GetRawText()} is not a valid {inputs[i].Datatype.Name()}");
                }
            }
            rows++;
        }
        return rows == 0 ? null : ChunkTensors.Build(inputs, columns, rows);
    }

    private string? NextLine()
    {
        while (_reader.ReadLine() is { } line)
        {
            _line++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                return line;
            }
        }
        return null;
    }

    private JsonDocument Parse(string line)
    {
        try
        {
            var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new JobInputException($"line {_line} is not a JSON object");
            }
            return document;
        }
        catch (JsonException e)
        {
            throw new JobInputException($"line {_line} is not valid JSON: {e.Message}");
        }
    }

    public void Dispose() => _reader.Dispose();
}
