namespace MlOps.AgentOpsTracer.Model;

/// <summary>One span of a trace tree, with its children; Cost is null when it used no tokens or (Priced false) its model has no price.</summary>
public sealed record TraceSpanResponse(
    string SpanId, string? ParentSpanId, string Name, string ObservationType, string? ServiceName, DateTime StartTime, DateTime EndTime,
    long DurationNs, string Status, string? StatusMessage, string? Model, string? ToolName, string? AgentName, string? SessionId,
    long? InputTokens, long? OutputTokens, long? CachedInputTokens, decimal? Cost, bool Priced, IReadOnlyList<TraceSpanResponse> Children);
