using System.Buffers;
using System.IO.Pipelines;
using System.Net.ServerSentEvents;
using CommunityToolkit.HighPerformance.Buffers;
using MlOps.Gateway.Llm.Streaming;

namespace MlOps.Gateway.Benchmarks;

/// <summary>
/// The trial of System.Net.ServerSentEvents on the gateway's stream path (issue 26): YARP pushes the provider's bytes, and
/// SseParser pulls, so the bytes go through a pipe whose reader (run inline, on the writer's call, as the hand-written
/// framing runs) enumerates the parser's events and hands each one's data to the same filter. Comments and the event's
/// other fields are the parser's to drop: the filter sees "data: …" only.
/// </summary>
public sealed class SseParserPump : IDisposable
{
    private readonly Pipe _pipe = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
    private readonly ArrayPoolBufferWriter<byte> _event = new(512);
    private readonly ArrayPoolBufferWriter<byte> _output = new(512);
    private readonly Stream _inner;
    private readonly SseEventFilter _filter;
    private Task? _reader;
    private bool _ended;

    public SseParserPump(Stream inner, SseEventFilter filter) => (_inner, _filter) = (inner, filter);

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _reader ??= ReadAsync(cancellationToken);
        await _pipe.Writer.WriteAsync(buffer, cancellationToken);
    }

    public async Task CompleteStreamAsync()
    {
        await _pipe.Writer.CompleteAsync();
        if (_reader is not null)
        {
            await _reader;
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        // The item parser runs the filter while the data span is valid: no copy of the data is kept per event.
        var parser = SseParser.Create(_pipe.Reader.AsStream(), (_, data) => _ended || Filter(data));
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            if (_output.WrittenCount > 0)
            {
                await _inner.WriteAsync(_output.WrittenMemory, cancellationToken);
                _output.Clear();
            }
            if (item.Data)
            {
                break;
            }
        }
        await _pipe.Reader.CompleteAsync();
    }

    private bool Filter(ReadOnlySpan<byte> data)
    {
        _event.Clear();
        _event.Write("data: "u8);
        _event.Write(data);
        return _ended = _filter(_event.WrittenSpan, _output);
    }

    public void Dispose()
    {
        _event.Dispose();
        _output.Dispose();
    }
}
