using Microsoft.Extensions.Options;
using MlOps.Inference.Serving;
using MlOps.Inference.Services;

namespace MlOps.Inference.Canary;

/// <summary>
/// Keeps each served model's live step counters in line with its running rollout (a new set when the step or rollout changes,
/// none when it ends) and flushes what they counted to the database every <see cref="CanaryOptions.FlushInterval"/>.
/// Deltas that could not be written are kept (one per rollout step, so bounded) and written with the next flush.
/// </summary>
public sealed class CanaryCounting(RolloutStore rollouts, RolloutCounts counts, ModelCatalog catalog, CanaryWake wake, IOptions<CanaryOptions> options,
    ILogger<CanaryCounting> logger) : BackgroundService
{
    private readonly Dictionary<(Guid RolloutId, int Step), StepCounts> _unwritten = [];
    private List<StepCounters> _retired = [];

    /// <summary>This process's rows in rollout_counts; a restarted replica counts under a new id, so nothing is counted twice.</summary>
    public Guid ReplicaId { get; } = Guid.CreateVersion7();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await wake.WaitAsync(options.Value.FlushInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            try
            {
                await RefreshAndFlushAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                InferenceLog.CanaryFlushFailed(logger, e);
            }
        }
        // A last flush on the way out, so a replica that stops loses nothing it counted.
        await RefreshAndFlushAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RefreshAndFlushAsync(CancellationToken cancellationToken)
    {
        var running = (await rollouts.RunningAsync(cancellationToken)).ToDictionary(RolloutStore.Key);
        // Counters retired last time may have taken a late request since; they are read once more, then dropped.
        var retiring = _retired;
        _retired = [];
        foreach (var deployment in catalog.All)
        {
            var current = deployment.Canary;
            var wanted = running.GetValueOrDefault(deployment.Key);
            if (current is not null && (wanted is null || current.RolloutId != wanted.Id || current.Step != wanted.CurrentStep))
            {
                deployment.Canary = null;
                _retired.Add(current);
                current = null;
            }
            if (current is null && wanted is not null)
            {
                deployment.Canary = new StepCounters(wanted.Id, wanted.CurrentStep, wanted.ChallengerVersion, wanted.ScoreEdges, wanted.AgreementTolerance);
            }
        }
        foreach (var counters in catalog.All.Select(d => d.Canary).OfType<StepCounters>().Concat(_retired).Concat(retiring))
        {
            var delta = counters.TakeDelta();
            if (!delta.IsEmpty)
            {
                var slot = (counters.RolloutId, counters.Step);
                _unwritten[slot] = _unwritten.TryGetValue(slot, out var earlier) ? earlier.Add(delta) : delta;
            }
        }
        await counts.FlushAsync(ReplicaId, [.. _unwritten.Select(u => (u.Key.RolloutId, u.Key.Step, u.Value))], cancellationToken);
        _unwritten.Clear();
    }
}
