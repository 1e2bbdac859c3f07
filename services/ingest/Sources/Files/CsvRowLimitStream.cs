using MlOps.Ingest.Infrastructure;

namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// A read-only pass-through that fails once more than maxRowBytes bytes pass without the end of a CSV row (a line break
/// outside quotes, quotes counted by parity as Sep does), so an unclosed quote or one endless line cannot grow the parser's buffer.
/// </summary>
internal sealed class CsvRowLimitStream(Stream inner, string file, int maxRowBytes, bool quoted) : ObservedReadStream(inner)
{
    private long _rowBytes;
    private bool _inQuotes;
    private long _line = 1;
    private long _rowLine = 1;

    // Quotes and line breaks are ASCII, never part of a multi-byte UTF-8 sequence, so bytes can be scanned as they come.
    protected override void Observe(ReadOnlySpan<byte> bytes)
    {
        var rest = bytes;
        while (!rest.IsEmpty)
        {
            var at = _inQuotes ? rest.IndexOf((byte)'"') : quoted ? rest.IndexOfAny("\"\r\n"u8) : rest.IndexOfAny((byte)'\r', (byte)'\n');
            var run = at < 0 ? rest : rest[..at];
            _line += _inQuotes ? run.Count((byte)'\n') : 0;
            Grow(run.Length);
            if (at < 0)
            {
                break;
            }
            if (rest[at] == (byte)'"')
            {
                _inQuotes = !_inQuotes;
                Grow(1);
            }
            else
            {
                _line += rest[at] == (byte)'\n' ? 1 : 0;
                _rowBytes = 0;
                _rowLine = _line;
            }
            rest = rest[(at + 1)..];
        }
    }

    private void Grow(int bytes)
    {
        _rowBytes += bytes;
        if (_rowBytes > maxRowBytes)
        {
            throw new SourceException(
                $"{file} line {_rowLine}: a row longer than {maxRowBytes} bytes (an unclosed quote?) " +
                "(MlOps:Ingest:FileLimits:MaxCsvRowBytes)");
        }
    }
}
