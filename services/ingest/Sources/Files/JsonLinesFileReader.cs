using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// JSON Lines: each line a JSON object (a document the normalizer flattens); a line that is not one is rejected with its
/// number. Blank lines are skipped. Memory: one batch of documents (handed out at BatchRows lines or once its lines reach
/// maxBatchBytes) plus one line, at most <see cref="MaxLineBytes"/>.
/// </summary>
public static class JsonLinesFileReader
{
    public const int MaxLineBytes = 16 * 1024 * 1024;

    public static async IAsyncEnumerable<SourceBatch> ReadAsync(
        Stream stream, string file, string resource, int batchRows, long maxBatchBytes, Func<long> bytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        var documents = new List<JsonElement>(batchRows);
        var lines = new List<int>(batchRows);
        var rejected = new List<RejectedRecord>();
        var line = 0;
        long reported = 0;
        long batchBytes = 0;
        try
        {
            while (true)
            {
                var result = await pipe.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (NextLine(ref buffer, result.IsCompleted, out var text))
                {
                    line++;
                    Take(text, file, line, documents, lines, rejected);
                    batchBytes += text.Length;
                    if (documents.Count + rejected.Count >= batchRows || batchBytes >= maxBatchBytes)
                    {
                        batchBytes = 0;
                        yield return Batch(resource, file, documents, lines, rejected, bytes() - reported);
                        reported = bytes();
                        (documents, lines, rejected) = (new List<JsonElement>(batchRows), new List<int>(batchRows), []);
                    }
                }
                if (buffer.Length > MaxLineBytes)
                {
                    throw new SourceException($"{file} line {line + 1}: longer than {MaxLineBytes / (1024 * 1024)} MiB");
                }
                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await pipe.CompleteAsync();
        }
        if (documents.Count + rejected.Count > 0 || bytes() > reported)
        {
            yield return Batch(resource, file, documents, lines, rejected, bytes() - reported);
        }
    }

    /// <summary>The next line (without its line break); at the end of the input, the last line even without one.</summary>
    private static bool NextLine(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is { } end)
        {
            line = buffer.Slice(0, end);
            buffer = buffer.Slice(buffer.GetPosition(1, end));
            return true;
        }
        if (completed && buffer.Length > 0)
        {
            line = buffer;
            buffer = buffer.Slice(buffer.End);
            return true;
        }
        line = default;
        return false;
    }

    private static void Take(
        ReadOnlySequence<byte> text, string file, int line, List<JsonElement> documents, List<int> lines, List<RejectedRecord> rejected)
    {
        if (text.Length > 0 && text.Slice(text.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            text = text.Slice(0, text.Length - 1);
        }
        // Blank lines separate nothing in JSON Lines; skip them rather than reject them.
        if (IsBlank(text))
        {
            return;
        }
        if (!Utf8.IsValid(text.IsSingleSegment ? text.FirstSpan : text.ToArray()))
        {
            rejected.Add(new RejectedRecord($"{file} line {line}", "not valid UTF-8", Raw(text)));
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                var kind = document.RootElement.ValueKind.ToString().ToLowerInvariant();
                rejected.Add(new RejectedRecord($"{file} line {line}", $"a JSON {kind}, not an object", Raw(text)));
                return;
            }
            documents.Add(document.RootElement.Clone());
            lines.Add(line);
        }
        catch (JsonException e)
        {
            rejected.Add(new RejectedRecord($"{file} line {line}", $"not valid JSON: {e.Message}", Raw(text)));
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> text)
    {
        foreach (var segment in text)
        {
            if (segment.Span.IndexOfAnyExcept((byte)' ', (byte)'\t') >= 0)
            {
                return false;
            }
        }
        return true;
    }

    private static string Raw(ReadOnlySequence<byte> text) => Encoding.UTF8.GetString(text);

    private static SourceBatch Batch(
        string resource, string file, List<JsonElement> documents, List<int> lines, List<RejectedRecord> rejected, long bytes)
    {
        var at = lines.ToArray();
        return new SourceBatch
        {
            Resource = resource,
            Documents = documents,
            PositionOf = i => $"{file} line {at[i]}",
            Rejected = rejected,
            Bytes = bytes,
        };
    }
}
