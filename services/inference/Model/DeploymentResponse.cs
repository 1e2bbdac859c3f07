using MlOps.Inference.Serving;

namespace MlOps.Inference.Model;

/// <summary>What this replica serves for a model: each alias's version and load state, the traffic split, the champion's batching so far, and shadow comparison.</summary>
public sealed record DeploymentResponse(string Model, IReadOnlyList<AliasState> Aliases, TrafficSplit Traffic, bool Batched, BatchStats? Batches, ShadowSummary Shadow)
{
    public static DeploymentResponse From(Deployment deployment) => new(
        deployment.Key.Model,
        [.. deployment.States.Values.OrderBy(s => s.Alias, StringComparer.Ordinal)],
        deployment.Traffic,
        deployment.Get(Deployment.Champion)?.Batched ?? false,
        deployment.Get(Deployment.Champion)?.BatchStats,
        deployment.Shadow.Snapshot());
}
