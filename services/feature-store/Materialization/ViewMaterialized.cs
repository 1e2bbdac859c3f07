namespace MlOps.FeatureStore.Materialization;

/// <summary>What one view's swap did: rows read from the warehouse, online rows written, the watermark before and after.</summary>
public sealed record ViewMaterialized(string View, int Version, bool Full, long RowsRead, long RowsWritten, DateTime? From, DateTime? To);
