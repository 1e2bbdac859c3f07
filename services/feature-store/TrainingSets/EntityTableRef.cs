namespace MlOps.FeatureStore.TrainingSets;

/// <summary>An entity table already in the tenant's warehouse: a table of one of its datasets (both named: TrainingSetRequest.Validate).</summary>
public sealed record EntityTableRef(string? Dataset, string? Table);
