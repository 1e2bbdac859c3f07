using Microsoft.Extensions.Options;
using MlOps.Drift.Monitoring;

namespace MlOps.Drift.Skew;

/// <summary>
/// Training–serving skew for a judged window: when the version learned from a feature store training set (its registry
/// lineage), the window's served features against that set. The feature store being away or the set gone is recorded on the
/// skew report, not held against the drift report.
/// </summary>
public sealed class SkewCheck(RegistryReferences registry, TrainingSetReader trainingSets, IOptions<DriftOptions> options, ILogger<SkewCheck> logger)
{
    /// <summary>The skew, or null when the version names no training set.</summary>
    public async Task<SkewOutcome?> JudgeAsync(ClaimedWindow window, WindowSample sample, CancellationToken cancellationToken)
    {
        if (await registry.GetLineageAsync(window.TenantId, window.ModelName, window.Version, cancellationToken) is not { TrainingSet: { } id } lineage)
        {
            return null;
        }
        try
        {
            return await trainingSets.ReadAsync(window.TenantId, id, cancellationToken) is { } training
                ? SkewJudge.Judge(training, sample, options.Value)
                : SkewOutcome.Failed(id, lineage.FeatureService, $"the feature store has no training set '{id}' for this tenant");
        }
        catch (Exception error) when (WindowEvaluator.IsTransient(error) && !cancellationToken.IsCancellationRequested)
        {
            DriftLog.SkewNotEvaluated(logger, window.Id, window.ModelName, window.Version, error.Message);
            return SkewOutcome.Failed(id, lineage.FeatureService, $"the training set could not be read from the feature store: {error.Message}");
        }
    }
}
