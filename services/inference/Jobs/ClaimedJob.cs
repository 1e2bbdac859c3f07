namespace MlOps.Inference.Jobs;

/// <summary>A job this replica holds the lease on, with where it stopped and how many claims it has had without progress.</summary>
public sealed record ClaimedJob(Guid Id, string Tenant, string Model, int? Version, string Format, string OnRowError, long RowsDone, long OutputBytes,
    long RowsSkipped, int Claims);
