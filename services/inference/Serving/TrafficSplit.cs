namespace MlOps.Inference.Serving;

/// <summary>How a model's traffic is shared with its challenger: a canary share answered by it, and/or a shadow copy of every request.</summary>
public sealed record TrafficSplit(double CanaryPercent, bool Shadow)
{
    public static TrafficSplit ChampionOnly { get; } = new(0, false);
}
