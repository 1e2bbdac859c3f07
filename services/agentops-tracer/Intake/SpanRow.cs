using MlOps.AgentOpsTracer.Cost;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>One row of <c>spans</c>: the span as OTLP sent it plus the GenAI fields read from its attributes.</summary>
internal sealed record SpanRow(
    string TenantId,
    byte[] TraceId,
    byte[] SpanId,
    byte[]? ParentSpanId,
    string Name,
    short Kind,
    string? ServiceName,
    DateTime StartTime,
    DateTime EndTime,
    long DurationNanos,
    short StatusCode,
    string? StatusMessage,
    string AttributesJson,
    string? EventsJson,
    GenAiFields GenAi,
    SpanCost Cost,
    string? ArgumentsHash);
