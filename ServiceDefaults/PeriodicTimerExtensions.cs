namespace Microsoft.Extensions.Hosting;

/// <summary>Periodic background loops that end quietly when the service stops.</summary>
public static class PeriodicTimerExtensions
{
    /// <summary>Waits for the next tick; false when the timer is disposed or the service is stopping.</summary>
    public static async Task<bool> TickOrStopAsync(this PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
