namespace MlOps.Ingest.Runs;

/// <summary>A run this replica holds the lease on.</summary>
public sealed record ClaimedRun(Guid Id, string TenantId, Guid PipelineId, string PipelineName, Guid LoadId, int Claims);
