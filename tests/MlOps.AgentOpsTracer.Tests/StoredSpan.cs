namespace MlOps.AgentOpsTracer.Tests;

/// <summary>A row of <c>spans</c> as the tests read it back (ids as hex).</summary>
public sealed class StoredSpan
{
    public string TenantId { get; init; } = "";
    public string TraceId { get; init; } = "";
    public string SpanId { get; init; } = "";
    public string? ParentSpanId { get; init; }
    public string Name { get; init; } = "";
    public short Kind { get; init; }
    public string? ServiceName { get; init; }
    public DateTime StartTime { get; init; }
    public DateTime EndTime { get; init; }
    public long DurationNs { get; init; }
    public short StatusCode { get; init; }
    public string? StatusMessage { get; init; }
    public string Attributes { get; init; } = "";
    public string? Events { get; init; }
    public string ObservationType { get; init; } = "";
    public string? Operation { get; init; }
    public string? Provider { get; init; }
    public string? RequestModel { get; init; }
    public string? ResponseModel { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public string? SessionId { get; init; }
    public string? AgentName { get; init; }
    public string? ToolName { get; init; }
    public string? UserId { get; init; }
}
