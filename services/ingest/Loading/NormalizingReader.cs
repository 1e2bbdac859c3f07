using System.Threading.Channels;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Loading;

/// <summary>
/// Reads and normalizes a source's batches on its own task, handing them to the writer through a channel of two: the source's
/// parsing and normalizing overlap the destination's COPY instead of taking turns with it on one thread.
/// </summary>
public sealed class NormalizingReader(IPipelineSource source, IBatchNormalizer normalizer, LoadJob job, SourceReadContext context)
{
    private readonly Channel<NormalizedBatch> _batches = Channel.CreateBounded<NormalizedBatch>(
        new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });

    public long Rows { get; private set; }

    public long Bytes { get; private set; }

    public ChannelReader<NormalizedBatch> Batches => _batches.Reader;

    /// <summary>Produces every batch, then completes the channel (also when it fails: the failure comes from this task).</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.Run(async () =>
    {
        try
        {
            await ProduceAsync(cancellationToken);
        }
        finally
        {
            _batches.Writer.TryComplete();
        }
    }, cancellationToken);

    private async Task ProduceAsync(CancellationToken cancellationToken)
    {
        var hints = source.Resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        long quarantined = 0;
        await foreach (var batch in source.ReadAsync(context, cancellationToken))
        {
            if (!hints.TryGetValue(batch.Resource, out var resource))
            {
                throw new LoadFailedException($"the source yielded resource {batch.Resource}, which it does not declare");
            }
            var normalized = QuarantineLimits.Bounded(normalizer.Normalize(batch, resource));
            quarantined += normalized.Quarantined.Count;
            if (quarantined > QuarantineLimits.MaxRecordsPerLoad)
            {
                var last = normalized.Quarantined[^1];
                throw new LoadFailedException($"more than {QuarantineLimits.MaxRecordsPerLoad} records were quarantined in this load "
                    + $"(the last at {last.Position}: {last.Reason}); the source does not match its config");
            }
            await _batches.Writer.WriteAsync(normalized, cancellationToken);
            Rows += batch.Count;
            Bytes += batch.Bytes;
            job.Progress?.Report(new LoadProgress(Rows, Bytes));
        }
    }
}
