namespace MlOps.Drift.Skew;

/// <summary>The part of a version's registry lineage skew needs: the training set it learned from and its feature service.</summary>
public sealed record TrainingLineage(Guid? TrainingSet, string? FeatureService);
