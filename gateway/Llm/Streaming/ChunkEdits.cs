using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlOps.Gateway.Llm.Streaming;

/// <summary>
/// Changes to one chunk's JSON as byte ranges to replace: the chunk is copied to the output with each range swapped for
/// raw text and/or a JSON string, so an unchanged chunk costs a copy and a changed one a few spliced values.
/// </summary>
public sealed class ChunkEdits
{
    private readonly List<(int Start, int End, string Before, string? Value, string After)> _edits = [];
    private readonly Utf8JsonWriter _strings = new(Stream.Null, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });

    public int Count => _edits.Count;

    public void Clear() => _edits.Clear();

    /// <summary>Replaces the bytes from <paramref name="start"/> to <paramref name="end"/> with raw <paramref name="before"/>, the JSON string <paramref name="value"/> and raw <paramref name="after"/>.</summary>
    public void Add(int start, int end, string before, string? value, string after) => _edits.Add((start, end, before, value, after));

    /// <summary>Writes <paramref name="json"/> with the edits applied.</summary>
    public void WriteTo(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        _edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        var position = 0;
        foreach (var (start, end, before, value, after) in _edits)
        {
            output.Write(json[position..start]);
            WriteAscii(output, before);
            if (value is not null)
            {
                _strings.Reset(output);
                _strings.WriteStringValue(value);
                _strings.Flush();
            }
            WriteAscii(output, after);
            position = end;
        }
        output.Write(json[position..]);
    }

    private static void WriteAscii(IBufferWriter<byte> output, string text)
    {
        if (text.Length > 0)
        {
            var span = output.GetSpan(text.Length);
            var written = Encoding.ASCII.GetBytes(text, span);
            output.Advance(written);
        }
    }
}
