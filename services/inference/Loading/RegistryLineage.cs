namespace MlOps.Inference.Loading;

/// <summary>The part of a version's lineage serving needs: the feature-store service it was trained with, if any.</summary>
public sealed record RegistryLineage(string? FeatureService);
