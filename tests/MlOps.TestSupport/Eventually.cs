namespace MlOps.TestSupport;

/// <summary>Polls a condition that becomes true asynchronously (a consumer, a relay), failing with a message after a timeout.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {limit} waiting for {what}; last value: {last}.");
            }
            await Task.Delay(100);
            last = await probe();
        }
        return last;
    }
}
