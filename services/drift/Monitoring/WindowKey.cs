namespace MlOps.Drift.Monitoring;

/// <summary>Which open window a batch belongs to.</summary>
public sealed record WindowKey(string Tenant, string Model, int Version, string Kind);
