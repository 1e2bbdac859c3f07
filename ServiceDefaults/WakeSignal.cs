namespace MlOps.ServiceDefaults;

/// <summary>
/// Wakes a polling background worker as soon as there is work, instead of at its next poll; signals that arrive
/// while one is pending collapse into one wake-up. Derive a type per worker so each is its own singleton.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Wakes the worker (now, or at its next wait).</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled by a concurrent caller.
            }
        }
    }

    /// <summary>Waits for a signal or the timeout (the poll interval); true when signalled.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
