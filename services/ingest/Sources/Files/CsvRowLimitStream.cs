namespace MlOps.Ingest.Sources.Files;

/// <summary>
/// A read-only pass-through that fails once more than maxRowBytes bytes pass without the end of a CSV row (a line break
/// outside quotes, quotes counted by parity as Sep does), so an unclosed quote or one endless line cannot grow the parser's buffer.
/// </summary>
internal sealed class CsvRowLimitStream(Stream inner, string file, int maxRowBytes, bool quoted) : Stream
{
    private long _rowBytes;
    private bool _inQuotes;
    private long _line = 1;
    private long _rowLine = 1;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Scan(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Scan(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Scan(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    // Quotes and line breaks are ASCII, never part of a multi-byte UTF-8 sequence, so bytes can be scanned as they come.
    private int Scan(ReadOnlySpan<byte> bytes)
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
        return bytes.Length;
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
