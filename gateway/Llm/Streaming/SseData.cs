using System.Buffers;

namespace MlOps.Gateway.Llm.Streaming;

/// <summary>
/// Where the data of one SSE event lies: one <c>data:</c> line (as providers send chunks) is a range of the event's bytes;
/// several are joined with spaces where the SSE format puts newlines: the data is read as JSON, where a line break can
/// only stand between tokens, and written back on one data line.
/// </summary>
public readonly struct SseData
{
    private static readonly byte[] Prefix = "data: "u8.ToArray();
    private static readonly byte[] End = "\n\n"u8.ToArray();
    private readonly int _start;
    private readonly int _end;
    private readonly byte[]? _joined;

    private SseData(int start, int end, byte[]? joined)
    {
        _start = start;
        _end = end;
        _joined = joined;
    }

    /// <summary>The event's data, or null when it has no data line.</summary>
    public static SseData? Of(ReadOnlySpan<byte> sseEvent)
    {
        SseData? found = null;
        List<byte>? joined = null;
        var position = 0;
        while (position < sseEvent.Length)
        {
            var length = sseEvent[position..].IndexOf((byte)'\n');
            var lineEnd = length < 0 ? sseEvent.Length : position + length;
            var line = sseEvent[position..lineEnd];
            if (line.StartsWith("data:"u8))
            {
                var start = position + 5 + (line.Length > 5 && line[5] == (byte)' ' ? 1 : 0);
                if (found is null)
                {
                    found = new SseData(start, lineEnd, null);
                }
                else
                {
                    joined ??= [.. found.Value.Json(sseEvent)];
                    joined.Add((byte)' ');
                    joined.AddRange(sseEvent[start..lineEnd]);
                }
            }
            position = lineEnd + 1;
        }
        return joined is null ? found : new SseData(0, joined.Count, [.. joined]);
    }

    /// <summary>The data: a range of the event, or the joined lines.</summary>
    public ReadOnlySpan<byte> Json(ReadOnlySpan<byte> sseEvent) => _joined is null ? sseEvent[_start.._end] : _joined;

    /// <summary>Writes the event with its data edited (the event as it came when nothing changed).</summary>
    public void WriteEdited(ReadOnlySpan<byte> sseEvent, ReadOnlySpan<byte> json, ChunkEdits edits, IBufferWriter<byte> output)
    {
        if (edits.Count == 0)
        {
            WriteEvent(output, sseEvent);
        }
        else if (_joined is null)
        {
            output.Write(sseEvent[.._start]);
            edits.WriteTo(json, output);
            output.Write(sseEvent[_end..]);
            output.Write(End);
        }
        else
        {
            output.Write(Prefix);
            edits.WriteTo(json, output);
            output.Write(End);
        }
    }

    /// <summary>Writes an event as it came, with its blank line.</summary>
    public static void WriteEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> sseEvent)
    {
        output.Write(sseEvent);
        output.Write(End);
    }

    /// <summary>Writes a data event the gateway makes.</summary>
    public static void WriteData(IBufferWriter<byte> output, ReadOnlySpan<byte> json)
    {
        output.Write(Prefix);
        output.Write(json);
        output.Write(End);
    }
}
