using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Runs;

/// <summary>
/// A running load's progress: kept in memory as the engine reports it and written to the run every ProgressInterval,
/// which also renews the lease and notices a cancel (or a lost lease) and stops the load.
/// </summary>
public sealed class RunProgress(RunStore store, Guid runId, TimeSpan interval, TimeSpan lease, CancellationTokenSource stop, TimeProvider clock)
    : IProgress<LoadProgress>
{
    // Boxed so a report from the load and a read by the timer never see half of one another.
    private object _latest = default(LoadProgress);

    public bool Cancelled { get; private set; }

    public bool LeaseLost { get; private set; }

    public void Report(LoadProgress value) => Volatile.Write(ref _latest, value);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        var renewed = clock.GetUtcNow();
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            bool? cancel;
            try
            {
                cancel = await store.ProgressAsync(runId, (LoadProgress)Volatile.Read(ref _latest), cancellationToken);
                renewed = clock.GetUtcNow();
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                // The database is away: keep loading while the lease still holds; past most of it another replica may take over.
                if (clock.GetUtcNow() - renewed < lease * 0.8)
                {
                    continue;
                }
                cancel = null;
            }
            if (cancel is null or true)
            {
                (LeaseLost, Cancelled) = (cancel is null, cancel is true);
                await stop.CancelAsync();
                return;
            }
        }
    }
}
