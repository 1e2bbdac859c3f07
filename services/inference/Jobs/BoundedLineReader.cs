using System.Text;

namespace MlOps.Inference.Jobs;

/// <summary>
/// Reads text lines of at most a given length: a longer line is reported as too long and passed over without being held,
/// so one endless line cannot take the process's memory. Lines end at \n; a trailing \r is dropped.
/// </summary>
public sealed class BoundedLineReader(string path, int maxLength) : IDisposable
{
    private readonly StreamReader _reader = new(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;

    /// <summary>The next line (empty when <paramref name="tooLong"/>), or null at the end of the input.</summary>
    public string? ReadLine(out bool tooLong)
    {
        _line.Clear();
        tooLong = false;
        var started = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = _reader.Read(_buffer, 0, _buffer.Length);
                if (_end == 0)
                {
                    return started ? Finish(ref tooLong) : null;
                }
            }
            started = true;
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf('\n');
            var part = newline < 0 ? available : available[..newline];
            if (!tooLong && _line.Length + part.Length > maxLength + 1)
            {
                tooLong = true;
                _line.Clear();
            }
            if (!tooLong)
            {
                _line.Append(part);
            }
            if (newline >= 0)
            {
                _start += newline + 1;
                return Finish(ref tooLong);
            }
            _start = _end;
        }
    }

    // One extra character is let in above so that a \r before the \n does not count against the limit.
    private string Finish(ref bool tooLong)
    {
        if (!tooLong && _line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }
        tooLong |= _line.Length > maxLength;
        return tooLong ? "" : _line.ToString();
    }

    public void Dispose() => _reader.Dispose();
}
