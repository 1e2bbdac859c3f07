namespace MlOps.AgentOpsTracer.Model;

/// <summary>
/// One step of a replay: a span in start order with its depth in its trace, its offset from the replay's start, its tokens and
/// cost, and its input and output (prompt or tool arguments, completion or tool result) as stored, after the content policy.
/// </summary>
public sealed record ReplayStep(
    int Index, string TraceId, string SpanId, string? ParentSpanId, int Depth, string Type, string Name, string? AgentName, string? ToolName,
    string? Model, DateTime StartTime, double OffsetMs, double DurationMs, string Status, string? StatusMessage, long? InputTokens,
    long? OutputTokens, decimal? Cost, bool Priced, string? Input, string? Output);
