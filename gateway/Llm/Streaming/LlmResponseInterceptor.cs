using System.Buffers;
using CommunityToolkit.HighPerformance.Buffers;

namespace MlOps.Gateway.Llm.Streaming;

/// <summary>
/// Filters one SSE event (without its blank line), writing what to send, each event with its blank line; returns true
/// when the stream is over (its [DONE] written).
/// </summary>
public delegate bool SseEventFilter(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output);

/// <summary>
/// Stands in for the response body while YARP copies the provider's answer: an error passes through untouched, an SSE
/// stream is filtered event by event as it arrives, and a JSON answer is kept whole for filtering when the copy ends.
/// A stream's last events and its end are handed to <paramref name="endResponse"/> (which sends them and ends the caller's
/// response) as soon as its filter says so, without waiting for the provider to close its response; what the provider
/// sends after that is dropped. Disposing it returns its pooled buffers; <see cref="Buffered"/> stays readable.
/// </summary>
public sealed class LlmResponseInterceptor(HttpResponse response, Stream inner, SseEventFilter? streamFilter, Func<ReadOnlyMemory<byte>, Task>? endResponse = null) : Stream
{
    private const int MaxBufferedAnswer = 32 * 1024 * 1024;
    // An error body is passed on untouched; its start is kept to tell a guardrail's refusal from a failure.
    private const int MaxErrorHead = 4096;
    private MemoryStream? _buffer;
    private byte[]? _errorHead;
    private int _errorHeadLength;
    // Stream bytes not yet ending an event, and the filtered events to send, in pooled arrays: what every stream in flight
    // holds survives each young collection and is copied by it, while pooled arrays are old already.
    private readonly ArrayPoolBufferWriter<byte> _pending = new(512);
    private readonly ArrayPoolBufferWriter<byte> _output = new(512);
    private Mode _mode;
    private bool _ended;

    private enum Mode
    {
        Undecided,
        PassThrough,
        Stream,
        Buffer,
    }

    /// <summary>Whether the answer is an SSE stream.</summary>
    public bool IsStream => _mode == Mode.Stream;

    /// <summary>Whether the stream was ended whole ([DONE] sent), whatever the provider's connection did after it.</summary>
    public bool HasEnded => _ended;

    /// <summary>Whether the answer is a provider error passed through.</summary>
    public bool IsPassThrough => _mode == Mode.PassThrough;

    /// <summary>The first bytes (up to 4 KB) of an error passed through.</summary>
    public ReadOnlyMemory<byte> ErrorHead => _errorHead is null ? ReadOnlyMemory<byte>.Empty : _errorHead.AsMemory(0, _errorHeadLength);

    /// <summary>The whole JSON answer, in buffer mode.</summary>
    public ReadOnlyMemory<byte> Buffered => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.GetBuffer().AsMemory(0, (int)_buffer.Length);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_mode == Mode.Undecided)
        {
            _mode = response.StatusCode >= 400 ? Mode.PassThrough
                : response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true && streamFilter is not null ? Mode.Stream
                : Mode.Buffer;
        }
        switch (_mode)
        {
            case Mode.PassThrough:
                KeepErrorHead(buffer.Span);
                await inner.WriteAsync(buffer, cancellationToken);
                return;
            case Mode.Buffer:
                _buffer ??= new MemoryStream();
                if (_buffer.Length + buffer.Length > MaxBufferedAnswer)
                {
                    throw new InvalidOperationException("The provider's answer is larger than the gateway filters.");
                }
                _buffer.Write(buffer.Span);
                return;
        }
        if (!_ended)
        {
            _pending.Write(buffer.Span);
            await SendCompleteEventsAsync(cancellationToken);
        }
    }

    private void KeepErrorHead(ReadOnlySpan<byte> bytes)
    {
        _errorHead ??= new byte[MaxErrorHead];
        var take = Math.Min(bytes.Length, MaxErrorHead - _errorHeadLength);
        bytes[..take].CopyTo(_errorHead.AsSpan(_errorHeadLength));
        _errorHeadLength += take;
    }

    /// <summary>Sends what is left of a stream (an event without its final blank line) when the copy ends.</summary>
    public async Task CompleteStreamAsync(CancellationToken cancellationToken)
    {
        if (_mode == Mode.Stream && !_ended && _pending.WrittenCount > 0)
        {
            _pending.Write("\n\n"u8);
            await SendCompleteEventsAsync(cancellationToken);
        }
    }

    private async Task SendCompleteEventsAsync(CancellationToken cancellationToken)
    {
        var consumed = FilterCompleteEvents(_pending.WrittenSpan);
        if (consumed == 0)
        {
            return;
        }
        KeepUnfinishedEvent(consumed);
        if (_ended && endResponse is not null)
        {
            // The caller's last byte need not wait for the provider's end of response to cross the gateway too.
            await endResponse(_output.WrittenMemory);
        }
        else if (_output.WrittenCount > 0)
        {
            // Kestrel's body stream flushes on every write: no separate flush, which would be a second pass through its pipe.
            await inner.WriteAsync(_output.WrittenMemory, cancellationToken);
        }
        _output.Clear();
    }

    // Keeps the unfinished event's bytes for the next write; a short one is moved through the stack, not a new array.
    private void KeepUnfinishedEvent(int consumed)
    {
        var rest = _pending.WrittenSpan[consumed..];
        Span<byte> copy = rest.Length <= 512 ? stackalloc byte[rest.Length] : new byte[rest.Length];
        rest.CopyTo(copy);
        _pending.Clear();
        _pending.Write(copy);
    }

    // Filters every event that has its blank line (a CRLF one too); returns the bytes consumed.
    private int FilterCompleteEvents(ReadOnlySpan<byte> text)
    {
        var position = 0;
        while (position < text.Length && !_ended)
        {
            var (end, separator) = EventEnd(text[position..]);
            if (end < 0)
            {
                break;
            }
            if (end > 0)
            {
                var sseEvent = text.Slice(position, end);
                if (sseEvent.IndexOf((byte)'\r') >= 0)
                {
                    _ended = streamFilter!(System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(sseEvent).Replace("\r\n", "\n", StringComparison.Ordinal)), _output);
                }
                else
                {
                    _ended = streamFilter!(sseEvent, _output);
                }
            }
            position += end + separator;
        }
        return position;
    }

    private static (int End, int Separator) EventEnd(ReadOnlySpan<byte> text)
    {
        var lf = text.IndexOf("\n\n"u8);
        var crlf = text.IndexOf("\r\n\r\n"u8);
        return crlf >= 0 && (lf < 0 || crlf < lf) ? (crlf, 4) : (lf, lf < 0 ? 0 : 2);
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _mode is Mode.PassThrough || (_mode == Mode.Stream && !_ended) ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pending.Dispose();
            _output.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
