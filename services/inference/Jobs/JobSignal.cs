namespace MlOps.Inference.Jobs;

/// <summary>Wakes this instance's job runner when a job is submitted here, instead of waiting for its next poll.</summary>
public sealed class JobSignal
{
    private readonly SemaphoreSlim _submitted = new(0, 1);

    public void Notify()
    {
        if (_submitted.CurrentCount == 0)
        {
            try
            {
                _submitted.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled by a concurrent submit.
            }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _submitted.WaitAsync(timeout, cancellationToken);
}
