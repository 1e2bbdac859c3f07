namespace MlOps.AgentOpsTracer.Intake;

/// <summary>The spans of one export request that will be stored, and what was refused (count and the first reason).</summary>
internal sealed record MappedBatch(IReadOnlyList<SpanRow> Rows, long Rejected, string? RejectionReason);
