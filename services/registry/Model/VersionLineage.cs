namespace MlOps.Registry.Model;

/// <summary>
/// Where a version came from: the data it was trained on, the code that trained it, the version it replaces, the feature-store
/// service it was trained with (inference fills entity-keyed requests from it) and the feature store training set it learned
/// from (drift compares served features with it: training–serving skew).
/// </summary>
public sealed record VersionLineage(Guid? DatasetId, long? DatasetVersion, string? CodeRevision, int? ParentVersion, string? FeatureService = null,
    Guid? TrainingSet = null);
