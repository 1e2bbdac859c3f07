using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MlOps.Inference.Serving;
using MlOps.Inference.Services;

namespace MlOps.Inference.Loading;

/// <summary>
/// Makes this replica serve what the deployments table says: loads a new version in the background, then swaps it in
/// (the old one drains); a version that fails verification is refused and the previous one keeps serving.
/// Works through one queue of model keys fed by NOTIFY, start-up and a periodic sweep.
/// </summary>
public sealed class DeploymentReconciler(
    DeploymentStore store, RegistryModelSource registry, ModelLoader loader, ModelCatalog catalog, InferenceMetrics metrics,
    ServingAnnouncer announcer, IOptions<InferenceOptions> options, ILogger<DeploymentReconciler> logger) : BackgroundService
{
    private static readonly string[] Aliases = [Deployment.Champion, Deployment.Challenger];
    private readonly Channel<ModelKey?> _work = System.Threading.Channels.Channel.CreateUnbounded<ModelKey?>();

    /// <summary>Queues a model for reconciling; null sweeps every known model.</summary>
    public void Enqueue(ModelKey? key) => _work.Writer.TryWrite(key);

    private volatile bool _startupSweepDone;

    /// <summary>True once this replica has tried to load every deployed model once; readiness waits for it.</summary>
    public bool StartupSweepDone => _startupSweepDone;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = SweepPeriodicallyAsync(stoppingToken);
        _ = BootstrapConfiguredModelsAsync(stoppingToken);
        // A replica that starts while models are deployed loads them before it reports ready, not while it takes traffic.
        await ReconcileAllAsync(null, stoppingToken);
        _startupSweepDone = true;
        await foreach (var key in _work.Reader.ReadAllAsync(stoppingToken))
        {
            await ReconcileAllAsync(key, stoppingToken);
        }
    }

    private async Task ReconcileAllAsync(ModelKey? key, CancellationToken stoppingToken)
    {
        try
        {
            foreach (var model in key is { } one ? [one] : await store.AllModelsAsync(stoppingToken))
            {
                await ReconcileAsync(model, stoppingToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            InferenceLog.ReconcileFailed(logger, e, key?.ToString() ?? "all");
        }
    }

    private async Task ReconcileAsync(ModelKey key, CancellationToken cancellationToken)
    {
        var (desired, traffic) = await store.ReadAsync(key, cancellationToken);
        var deployment = catalog.GetOrAdd(key);
        deployment.Traffic = traffic;
        foreach (var alias in Aliases)
        {
            var wanted = desired.TryGetValue(alias, out var v) ? v : (int?)null;
            var served = deployment.Get(alias);
            if (wanted is null)
            {
                deployment.Swap(alias, null);
                deployment.States.TryRemove(alias, out _);
                continue;
            }
            if (served?.Version == wanted || deployment.States.GetValueOrDefault(alias) is { Status: AliasState.Refused } refused && refused.Version == wanted)
            {
                continue;
            }
            deployment.States[alias] = new AliasState(alias, wanted, AliasState.Loading, served is null ? null : $"version {served.Version} serves until {wanted} is ready");
            try
            {
                var version = await registry.GetVersionAsync(key.Tenant, key.Model, wanted.Value, cancellationToken);
                var loaded = await loader.LoadAsync(key, version, cancellationToken);
                deployment.Swap(alias, loaded);
                deployment.States[alias] = new AliasState(alias, wanted, AliasState.Ready, null);
                InferenceLog.VersionServed(logger, key.ToString(), alias, wanted.Value, served?.Version);
                await announcer.AnnounceAsync(key, alias, wanted.Value, cancellationToken);
            }
            catch (ArtifactRefusedException e)
            {
                metrics.ArtifactRefused(key);
                deployment.States[alias] = new AliasState(alias, wanted, AliasState.Refused, e.Message);
                InferenceLog.ArtifactRefused(logger, key.ToString(), alias, wanted.Value, e.Message);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or NotSupportedException)
            {
                // Transient (registry away) or the model cannot be opened: the previous version keeps serving; the sweep retries.
                deployment.States[alias] = new AliasState(alias, wanted, served is null && e is HttpRequestException ? AliasState.Loading : AliasState.Failed, e.Message);
                InferenceLog.LoadFailed(logger, e, key.ToString(), alias, wanted.Value);
            }
        }
    }

    private async Task SweepPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval);
        while (!cancellationToken.IsCancellationRequested && await timer.TickOrStopAsync(cancellationToken))
        {
            // Failed loads are retried here; refused artifacts are not (a new alias move or a restart tries again).
            Enqueue(null);
        }
    }

    // The configured models' aliases as the registry has them now: covers events missed while this service's queue did not exist.
    private async Task BootstrapConfiguredModelsAsync(CancellationToken cancellationToken)
    {
        var pending = options.Value.ResolveModelsOnStart ? options.Value.Models.Select(ParseKey).ToList() : [];
        while (pending.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            foreach (var key in pending.ToList())
            {
                try
                {
                    foreach (var alias in Aliases)
                    {
                        var resolved = await registry.ResolveAsync(key.Tenant, key.Model, alias, cancellationToken);
                        if (resolved is not null)
                        {
                            await store.SetAliasAsync(key, alias, resolved.Version, DateTimeOffset.UtcNow, cancellationToken);
                        }
                    }
                    pending.Remove(key);
                }
                catch (HttpRequestException e)
                {
                    InferenceLog.RegistryUnavailable(logger, e.Message);
                }
            }
            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public static ModelKey ParseKey(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? new ModelKey(value[..slash], value[(slash + 1)..]) : throw new FormatException($"'{value}' is not tenant/model.");
    }
}
