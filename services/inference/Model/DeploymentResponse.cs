using MlOps.Inference.Serving;

namespace MlOps.Inference.Model;

/// <summary>What this replica serves for a model: each alias's version and load state, the traffic split, the champion's batching so far, shadow comparison, and the rollout step it counts for.</summary>
public sealed record DeploymentResponse(string Model, IReadOnlyList<AliasState> Aliases, TrafficSplit Traffic, bool Batched, BatchStats? Batches, ShadowSummary Shadow,
    CanaryStepResponse? Canary)
{
    public static DeploymentResponse From(Deployment deployment) => new(
        deployment.Key.Model,
        [.. deployment.States.Values.OrderBy(s => s.Alias, StringComparer.Ordinal)],
        deployment.Traffic,
        deployment.Get(Deployment.Champion)?.Batched ?? false,
        deployment.Get(Deployment.Champion)?.BatchStats,
        deployment.Shadow.Snapshot(),
        deployment.Canary is { } canary ? new CanaryStepResponse(canary.RolloutId, canary.Step) : null);
}
