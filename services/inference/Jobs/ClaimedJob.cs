namespace MlOps.Inference.Jobs;

/// <summary>A job this replica holds the lease on, with where it stopped.</summary>
public sealed record ClaimedJob(Guid Id, string Tenant, string Model, int? Version, string Format, long RowsDone, long OutputBytes);
