namespace MlOps.Ingest.Infrastructure;

/// <summary>
/// A read-only pass-through that shows every chunk read to <see cref="Observe"/> (to count it, or to refuse it by throwing),
/// and owns the stream it reads.
/// </summary>
public abstract class ObservedReadStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }

    /// <summary>Sees each chunk as it is read; throws to stop the reading.</summary>
    protected abstract void Observe(ReadOnlySpan<byte> chunk);

    public override int Read(byte[] buffer, int offset, int count) => Seen(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Seen(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Seen(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

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
        GC.SuppressFinalize(this);
    }

    private int Seen(ReadOnlySpan<byte> chunk)
    {
        BytesRead += chunk.Length;
        Observe(chunk);
        return chunk.Length;
    }
}
