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

    /// <summary>Removes an object member (name to value end) with one comma beside it, so the object stays valid JSON.</summary>
    public void RemoveMember(ReadOnlySpan<byte> json, int start, int end)
    {
        var after = SkipWhitespace(json, end, 1);
        if (after < json.Length && json[after] == (byte)',')
        {
            Add(start, after + 1, "", null, "");
            return;
        }
        var before = SkipWhitespace(json, start - 1, -1);
        Add(before >= 0 && json[before] == (byte)',' ? before : start, end, "", null, "");
    }

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

    // The first position from index, stepping by step, that is not JSON whitespace (may be -1 or the length).
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int index, int step)
    {
        while (index >= 0 && index < json.Length && json[index] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            index += step;
        }
        return index;
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
