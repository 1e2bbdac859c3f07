namespace MlOps.FeatureStore.Online;

/// <summary>How fresh one view's values for an entity are: their event time, when they were materialized, and whether past the TTL.</summary>
public sealed record ViewFreshness(DateTime EventTime, DateTime MaterializedAt, bool Expired);
