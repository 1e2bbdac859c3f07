namespace MlOps.FeatureStore.Definitions;

/// <summary>One feature of a view: a column of its table and the type it is served as (int64, float64, string, bool, timestamp).</summary>
public sealed record FeatureField(string? Name, string? Type);
