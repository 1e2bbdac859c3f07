namespace MlOps.Contracts;

/// <summary>One drifted feature and the test that decided it.</summary>
public sealed record FeatureDrift(string Feature, string Method, double Score, double Threshold);
