namespace MlOps.AgentOpsTracer.Retention;

/// <summary>What one retention pass did: day partitions created and dropped, rows deleted one by one; Skipped when another replica held the job.</summary>
public sealed record RetentionPass(bool Skipped, IReadOnlyList<string> Created, IReadOnlyList<string> Dropped, long DeletedRows);
