using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Pipelines;
using MlOps.Ingest.Sources;
using MlOps.ServiceDefaults.Shutdown;

namespace MlOps.Ingest.Runs;

/// <summary>
/// Takes queued runs (and runs whose holder stopped renewing its lease) and loads them. A run's load id is fixed when it
/// is queued, so a run taken over after a crash either finds its load committed or loads again from the committed state.
/// Whatever a run throws fails that run, never this service.
/// </summary>
public sealed class RunWorker(RunStore runs, PipelineStore pipelines, PipelineSecrets secrets, SourceFactories sources, ILoadEngine engine,
    DatasetRecorder recorder, RunSignal signal, LeaseHandback handback, TimeProvider clock, IOptions<IngestOptions> options,
    ILogger<RunWorker> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.RunLoads
        ? Task.WhenAll(Enumerable.Range(0, options.Value.Concurrency).Select(_ => LoopAsync(stoppingToken)))
        : Task.CompletedTask;

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            ClaimedRun? run = null;
            try
            {
                run = await runs.ClaimAsync(stoppingToken);
                if (run is null)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                    continue;
                }
                // A stop (rolling update, scale-in) hands the run to another replica's next poll; it resumes from the committed state.
                await handback.RunAsync($"run {run.Id}", token => RunAsync(run, token), token => runs.ReleaseAsync(run.Id, token),
                    stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is unreachable or recording failed: the lease runs out and the run is claimed again.
                IngestLog.RunCrashed(logger, e, run?.Id ?? Guid.Empty);
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RunAsync(ClaimedRun run, CancellationToken stoppingToken)
    {
        if (run.Claims > options.Value.MaxClaims)
        {
            await runs.FinishAsync(run.Id, "failed", $"the run stopped {run.Claims - 1} times before finishing (its replica stopped); it is not retried",
                stoppingToken);
            return;
        }
        if (await pipelines.LoadAsync(run.PipelineId, stoppingToken) is not { } pipeline)
        {
            await runs.FinishAsync(run.Id, "failed", "the pipeline was deleted", stoppingToken);
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var deadline = new CancellationTokenSource(options.Value.MaxRunDuration, clock);
        using var stopAtDeadline = deadline.Token.Register(stop.Cancel);
        var progress = new RunProgress(runs, run.Id, options.Value.ProgressInterval, options.Value.RunLease, stop, clock);
        var ticker = progress.RunAsync(stop.Token);
        try
        {
            var source = await sources.CreateAsync(pipeline.SourceType, secrets.Unprotect(pipeline.SourceProtected), pipeline.TenantId, stop.Token);
            var job = new LoadJob
            {
                LoadId = run.LoadId, TenantId = pipeline.TenantId, Dataset = pipeline.Dataset, Pipeline = pipeline.Name,
                Destination = pipeline.Destination.Deserialize<DestinationSpec>(Json) ?? new DestinationSpec(), Progress = progress,
            };
            var outcome = await engine.RunAsync(job, source, stop.Token);
            if (await recorder.RecordAsync(run, runs.Owner, pipeline.Dataset, job.Destination.Type == "postgres", outcome, stoppingToken))
            {
                IngestLog.RunSucceeded(logger, run.Id, pipeline.Name, outcome.Tables.Sum(t => t.RowsLoaded));
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested && progress.Cancelled)
        {
            await runs.FinishAsync(run.Id, "cancelled", "cancelled on request; nothing of this load is visible", stoppingToken);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested && progress.LeaseLost)
        {
            IngestLog.LeaseLost(logger, run.Id);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Not a stop, a cancel or a lost lease: the run's own deadline, or a call of the source or destination timed out.
            await runs.FinishAsync(run.Id, "failed", deadline.IsCancellationRequested
                ? $"the load ran longer than MlOps:Ingest:MaxRunDuration ({options.Value.MaxRunDuration}); nothing of it is visible"
                : "a call to the source or the destination timed out; nothing of this load is visible", stoppingToken);
        }
        catch (LoadFailedException e) when (e.FailedCheck is { } check)
        {
            await recorder.RecordBlockedAsync(run, runs.Owner, pipeline.Dataset, check, e.Message, stoppingToken);
        }
        catch (Exception e) when (e is LoadFailedException or SourceConfigException or SourceException)
        {
            await runs.FinishAsync(run.Id, "failed", e.Message, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            IngestLog.RunFailed(logger, e, run.Id);
            await runs.FinishAsync(run.Id, "failed", $"the load failed unexpectedly ({e.GetType().Name}); nothing of it is visible", stoppingToken);
        }
        finally
        {
            await stop.CancelAsync();
            await ticker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
