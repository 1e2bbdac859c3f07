namespace MlOps.Registry.Model;

/// <summary>Where a version came from: the data it was trained on, the code that trained it, the version it replaces.</summary>
public sealed record VersionLineage(Guid? DatasetId, long? DatasetVersion, string? CodeRevision, int? ParentVersion);
