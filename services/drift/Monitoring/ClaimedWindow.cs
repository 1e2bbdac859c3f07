namespace MlOps.Drift.Monitoring;

/// <summary>A closed window this instance holds the lease on.</summary>
public sealed record ClaimedWindow(Guid Id, string Kind, string TenantId, string ModelName, int Version, long RowCount, DateTime OpenedAt, DateTime ClosedAt, int Attempts);
