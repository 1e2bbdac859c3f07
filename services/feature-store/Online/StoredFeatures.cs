namespace MlOps.FeatureStore.Online;

/// <summary>One view's stored value for one entity: its features as a UTF-8 JSON object, their event time and when it was materialized.</summary>
public readonly record struct StoredFeatures(ReadOnlyMemory<byte> Json, DateTime EventTime, DateTime MaterializedAt);
