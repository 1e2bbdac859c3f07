using Microsoft.Extensions.Options;
using MlOps.Inference.Loading;
using MlOps.Inference.Serving;
using MlOps.Inference.Services;
using MlOps.ServiceDefaults.Shutdown;

namespace MlOps.Inference.Jobs;

/// <summary>
/// Takes queued jobs (and jobs whose holder stopped renewing its lease) one at a time and scores them with the version
/// pinned at their start: the served one when it is still served, else a private copy loaded and verified for the job.
/// Whatever a job throws fails that job, never this service; a job claimed too often without progress is failed too.
/// </summary>
public sealed class JobRunner(JobStore store, JobScorer scorer, ModelCatalog catalog, RegistryModelSource registry, ModelLoader loader, JobSignal signal,
    LeaseHandback handback, IOptions<JobOptions> options, ILogger<JobRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            ClaimedJob? job = null;
            try
            {
                job = await store.ClaimAsync(stoppingToken);
                if (job is null)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                    continue;
                }
                // A stop (rolling update, scale-in) awaits the scoring stages, then another replica resumes the job from its
                // last committed chunk; the stop does not count against MaxAttempts.
                await handback.RunAsync($"batch job {job.Id}", token => ScoreOrAbandonAsync(job, token),
                    token => store.ReleaseAsync(job.Id, token), stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Transient (database, registry, disk) or recording the outcome failed: the lease runs out and the job is claimed
                // again, up to MaxAttempts times without progress. Nothing a job does may stop this loop.
                InferenceLog.JobFailed(logger, e, job?.Id ?? Guid.Empty);
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ScoreOrAbandonAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        if (job.Claims > options.Value.MaxAttempts)
        {
            InferenceLog.JobAbandoned(logger, job.Id, job.Claims - 1);
            await store.FinishAsync(job.Id, "failed",
                $"the job stopped {job.Claims - 1} times without committing progress (the instance running it stopped or lost its lease); it is not retried",
                cancellationToken);
            return;
        }
        await RunAsync(job, cancellationToken);
    }

    private async Task RunAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        ServedModel? model = null;
        var owned = false;
        try
        {
            (model, owned) = await AcquireAsync(job, cancellationToken);
            if (job.Version is null)
            {
                await store.PinVersionAsync(job.Id, model.Version, cancellationToken);
            }
            if (await scorer.ScoreAsync(job, model, cancellationToken))
            {
                await store.FinishAsync(job.Id, "succeeded", null, cancellationToken);
            }
        }
        catch (Exception e) when (!IsRetried(e, cancellationToken))
        {
            var cause = Unwrap(e);
            if (cause is not (JobInputException or InferenceInputException or ModelUnavailableException or ArtifactRefusedException))
            {
                InferenceLog.JobFailed(logger, cause, job.Id);
            }
            await store.FinishAsync(job.Id, "failed", Reason(cause, job.Id), cancellationToken);
        }
        finally
        {
            if (owned)
            {
                model?.Retire();
            }
            else
            {
                model?.Release();
            }
        }
    }

    /// <summary>What is not the job's fault is retried by claiming it again: shutting down, the database, the registry, the disk.</summary>
    private static bool IsRetried(Exception e, CancellationToken stoppingToken) =>
        (e is OperationCanceledException && stoppingToken.IsCancellationRequested)
        || Unwrap(e) is Npgsql.NpgsqlException or HttpRequestException or IOException and not FileNotFoundException and not DirectoryNotFoundException;

    // An unexpected error's message may hold server paths or another component's internals: the tenant gets its type, the log the rest.
    private static string Reason(Exception cause, Guid jobId) => cause is JobInputException or InferenceInputException or ModelUnavailableException or ArtifactRefusedException
        ? cause.Message
        : $"scoring stopped on an unexpected error ({cause.GetType().Name}); the service log has the details under job {jobId}";

    private async Task<(ServedModel Model, bool Owned)> AcquireAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var key = new ModelKey(job.Tenant, job.Model);
        var deployment = catalog.Find(key);
        var version = job.Version ?? deployment?.Get(Deployment.Champion)?.Version
            ?? throw new ModelUnavailableException(StatusCodes.Status503ServiceUnavailable, $"model '{job.Model}' has no champion to score with");
        if (deployment?.Acquire(version) is { } served)
        {
            return (served, false);
        }
        var registered = await registry.GetVersionAsync(job.Tenant, job.Model, version, cancellationToken);
        var loaded = await loader.LoadAsync(key, registered, cancellationToken, batching: false);
        return (loaded, true);
    }

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[0] : e;
}
