namespace MlOps.AgentOpsTracer.Intake;

/// <summary>The GenAI columns of a span, whichever convention (OpenTelemetry, OpenInference, Langfuse) named them.</summary>
internal sealed record GenAiFields(
    string ObservationType,
    string? Operation,
    string? Provider,
    string? RequestModel,
    string? ResponseModel,
    long? InputTokens,
    long? OutputTokens,
    long? CachedInputTokens,
    string? SessionId,
    string? AgentName,
    string? ToolName,
    string? UserId);
