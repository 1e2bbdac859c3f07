namespace MlOps.FeatureStore.Materialization;

/// <summary>Materializes the named feature views now (every view of the tenant when none are named).</summary>
public sealed record MaterializeRequest(IReadOnlyList<string>? Views = null);
