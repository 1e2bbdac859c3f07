using Microsoft.Extensions.Options;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// Bounds the write queue: a few batches are written at once, a few more wait, the rest are turned away at once so an
/// exporter retries later instead of piling requests (and memory) onto a database that is behind.
/// </summary>
public sealed class WriteGate(IOptions<IntakeOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _writers = new(options.Value.MaxConcurrentWrites, options.Value.MaxConcurrentWrites);
    private readonly int _capacity = options.Value.MaxConcurrentWrites + options.Value.MaxQueuedWrites;
    private int _admitted;

    /// <summary>A writer's slot, or null when the queue is full.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _admitted) > _capacity)
        {
            Interlocked.Decrement(ref _admitted);
            return null;
        }
        try
        {
            await _writers.WaitAsync(cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _admitted);
            throw;
        }
        return new Slot(this);
    }

    public void Dispose() => _writers.Dispose();

    private void Leave()
    {
        _writers.Release();
        Interlocked.Decrement(ref _admitted);
    }

    private sealed class Slot(WriteGate gate) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                gate.Leave();
            }
        }
    }
}
