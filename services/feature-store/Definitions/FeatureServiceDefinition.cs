namespace MlOps.FeatureStore.Definitions;

/// <summary>The named set of features a model uses, taken from feature views; served as "&lt;view&gt;__&lt;feature&gt;".</summary>
public sealed record FeatureServiceDefinition(string? Name, IReadOnlyList<FeatureProjection>? Features, string? Description = null);
