using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MlOps.Inference.Services;

namespace MlOps.Inference.Logging;

/// <summary>The bounded queue between requests and the log writer: a request never waits; when full, its rows are dropped and counted.</summary>
public sealed class PredictionLog(IOptions<PredictionLogOptions> options, InferenceMetrics metrics)
{
    private readonly Channel<PredictionRecord> _queue = Channel.CreateBounded<PredictionRecord>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public bool Enabled { get; } = options.Value.Enabled;

    public ChannelReader<PredictionRecord> Reader => _queue.Reader;

    public void Add(PredictionRecord record)
    {
        if (Enabled && !_queue.Writer.TryWrite(record))
        {
            metrics.LogDropped(record.Rows);
        }
    }

    public void Complete() => _queue.Writer.TryComplete();
}
