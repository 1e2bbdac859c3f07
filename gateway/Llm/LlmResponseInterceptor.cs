using System.Text;

namespace MlOps.Gateway.Llm;

/// <summary>
/// Stands in for the response body while YARP copies the provider's answer: an error passes through untouched, an SSE
/// stream is filtered event by event as it arrives, and a JSON answer is kept whole for filtering when the copy ends.
/// </summary>
public sealed class LlmResponseInterceptor(HttpResponse response, Stream inner, Func<string, IEnumerable<string>>? streamFilter) : Stream
{
    private const int MaxBufferedAnswer = 32 * 1024 * 1024;
    private readonly MemoryStream _buffer = new();
    private readonly StringBuilder _pending = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private Mode _mode;

    private enum Mode
    {
        Undecided,
        PassThrough,
        Stream,
        Buffer,
    }

    /// <summary>Whether the answer is an SSE stream.</summary>
    public bool IsStream => _mode == Mode.Stream;

    /// <summary>Whether the answer is a provider error passed through.</summary>
    public bool IsPassThrough => _mode == Mode.PassThrough;

    /// <summary>The whole JSON answer, in buffer mode.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);

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
                await inner.WriteAsync(buffer, cancellationToken);
                return;
            case Mode.Buffer:
                if (_buffer.Length + buffer.Length > MaxBufferedAnswer)
                {
                    throw new InvalidOperationException("The provider's answer is larger than the gateway filters.");
                }
                _buffer.Write(buffer.Span);
                return;
        }
        var chars = new char[_utf8.GetCharCount(buffer.Span, flush: false)];
        _utf8.GetChars(buffer.Span, chars, flush: false);
        _pending.Append(chars);
        await SendCompleteEventsAsync(cancellationToken);
    }

    /// <summary>Sends what is left of a stream (an event without its final blank line) when the copy ends.</summary>
    public async Task CompleteStreamAsync(CancellationToken cancellationToken)
    {
        if (_mode == Mode.Stream && _pending.Length > 0)
        {
            _pending.Append("\n\n");
            await SendCompleteEventsAsync(cancellationToken);
        }
    }

    private async Task SendCompleteEventsAsync(CancellationToken cancellationToken)
    {
        var text = _pending.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = text.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return;
        }
        _pending.Clear().Append(text, end + 2, text.Length - end - 2);
        var output = new StringBuilder();
        foreach (var sseEvent in text[..end].Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var sent in streamFilter!(sseEvent))
            {
                output.Append(sent).Append("\n\n");
            }
        }
        if (output.Length > 0)
        {
            await inner.WriteAsync(Encoding.UTF8.GetBytes(output.ToString()), cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _mode is Mode.PassThrough or Mode.Stream ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush()
    {
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
