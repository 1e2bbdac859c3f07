namespace MlOps.FeatureStore.Definitions;

/// <summary>Some features of one feature view (all of them when <see cref="Features"/> is empty).</summary>
public sealed record FeatureProjection(string? View, IReadOnlyList<string>? Features);
