using MlOps.Ingest.Loading;

namespace MlOps.Ingest.Runs;

/// <summary>
/// A running load's progress: kept in memory as the engine reports it and written to the run every ProgressInterval,
/// which also renews the lease and notices a cancel (or a lost lease) and stops the load.
/// </summary>
public sealed class RunProgress(RunStore store, Guid runId, TimeSpan interval, CancellationTokenSource stop) : IProgress<LoadProgress>
{
    // Boxed so a report from the load and a read by the timer never see half of one another.
    private object _latest = default(LoadProgress);

    public bool Cancelled { get; private set; }

    public bool LeaseLost { get; private set; }

    public void Report(LoadProgress value) => Volatile.Write(ref _latest, value);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var cancel = await store.ProgressAsync(runId, (LoadProgress)Volatile.Read(ref _latest), cancellationToken);
            if (cancel is null or true)
            {
                (LeaseLost, Cancelled) = (cancel is null, cancel is true);
                await stop.CancelAsync();
                return;
            }
        }
    }
}
