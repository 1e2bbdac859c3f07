using System.Diagnostics;
using System.Threading.Channels;

namespace MlOps.Inference.Serving;

/// <summary>
/// Dynamic batching: requests queue up while the workers are busy, and each worker stacks what is queued (up to the
/// maximum batch size, waiting at most the maximum queue delay for more) into one run, then hands each request its rows.
/// </summary>
public sealed class Batcher : IDisposable
{
    private readonly Channel<BatchItem> _queue = Channel.CreateUnbounded<BatchItem>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly ModelSession _session;
    private readonly BatchingOptions _options;
    private readonly Task[] _workers;
    private int _queued;

    public Batcher(ModelSession session, BatchingOptions options)
    {
        _session = session;
        _options = options;
        // Pool-thread loops: a run is a few tens of microseconds, shorter than any hand-off to a dedicated thread.
        _workers = [.. Enumerable.Range(0, options.Workers).Select(_ => Task.Run(WorkAsync))];
    }

    private long _runs;
    private long _rows;

    /// <summary>Runs made and rows they carried, so far: their ratio is the average batch size.</summary>
    public BatchStats Stats => new(Interlocked.Read(ref _runs), Interlocked.Read(ref _rows));

    public Task<Tensor[]> RunAsync(Tensor[] inputs, int rows)
    {
        if (Interlocked.Increment(ref _queued) > _options.MaxQueuedRequests)
        {
            Interlocked.Decrement(ref _queued);
            throw new ModelUnavailableException(StatusCodes.Status503ServiceUnavailable,
                $"the model's queue is full ({_options.MaxQueuedRequests} requests waiting); retry shortly") { RetryAfterSeconds = 1 };
        }
        var item = new BatchItem(inputs, rows);
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(nameof(Batcher));
        }
        return item.Completion.Task;
    }

    private async Task WorkAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<BatchItem>(_options.MaxBatchSize);
        BatchItem? carried = null;
        while (carried is not null || await reader.WaitToReadAsync())
        {
            batch.Clear();
            var rows = 0;
            if (carried is not null)
            {
                batch.Add(carried);
                rows = carried.Rows;
                carried = null;
            }
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxQueueDelay.TotalSeconds * Stopwatch.Frequency);
            while (rows < _options.MaxBatchSize)
            {
                if (reader.TryRead(out var item))
                {
                    Interlocked.Decrement(ref _queued);
                    if (rows > 0 && rows + item.Rows > _options.MaxBatchSize)
                    {
                        carried = item;
                        break;
                    }
                    batch.Add(item);
                    rows += item.Rows;
                }
                else if (rows == 0 || Stopwatch.GetTimestamp() >= deadline)
                {
                    break;
                }
                else
                {
                    Thread.Yield();
                }
            }
            if (batch.Count > 0)
            {
                Execute(batch, rows);
            }
        }
    }

    private void Execute(List<BatchItem> batch, int rows)
    {
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _rows, rows);
        try
        {
            if (batch.Count == 1)
            {
                batch[0].Completion.TrySetResult(_session.Run(batch[0].Inputs));
                return;
            }
            var outputs = _session.Run(TensorBatches.Stack(batch.Select(b => b.Inputs).ToList(), rows));
            var offset = 0;
            foreach (var item in batch)
            {
                item.Completion.TrySetResult(TensorBatches.Slice(outputs, offset, item.Rows));
                offset += item.Rows;
            }
        }
        catch (InferenceInputException) when (batch.Count > 1)
        {
            // One bad request must not fail its neighbours: run each alone so only it gets the error.
            Interlocked.Decrement(ref _runs);
            Interlocked.Add(ref _rows, -rows);
            foreach (var item in batch)
            {
                Execute([item], item.Rows);
            }
        }
        catch (Exception e)
        {
            foreach (var item in batch)
            {
                item.Completion.TrySetException(e);
            }
        }
    }

    /// <summary>Stops taking work; queued requests still run, then the workers end.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        Task.WaitAll(_workers);
    }

    private sealed class BatchItem(Tensor[] inputs, int rows)
    {
        public Tensor[] Inputs { get; } = inputs;
        public int Rows { get; } = rows;
        public TaskCompletionSource<Tensor[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
