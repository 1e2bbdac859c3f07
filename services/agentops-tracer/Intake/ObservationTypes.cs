namespace MlOps.AgentOpsTracer.Intake;

/// <summary>Langfuse's observation types, the ones a span is sorted into.</summary>
internal static class ObservationTypes
{
    public const string Generation = "generation";
    public const string Embedding = "embedding";
    public const string Tool = "tool";
    public const string Agent = "agent";
    public const string Retrieval = "retrieval";
    public const string Span = "span";

    /// <summary>Langfuse's own <c>langfuse.observation.type</c>.</summary>
    public static string? FromLangfuse(string? value) => value?.ToLowerInvariant() switch
    {
        "generation" => Generation,
        "embedding" => Embedding,
        "tool" => Tool,
        "agent" => Agent,
        "retriever" or "retrieval" => Retrieval,
        null or "" => null,
        _ => Span,
    };

    /// <summary>OpenInference's <c>openinference.span.kind</c> (LLM, EMBEDDING, TOOL, AGENT, RETRIEVER, CHAIN, ...).</summary>
    public static string? FromOpenInference(string? value) => value?.ToUpperInvariant() switch
    {
        "LLM" => Generation,
        "EMBEDDING" => Embedding,
        "TOOL" => Tool,
        "AGENT" => Agent,
        "RETRIEVER" => Retrieval,
        null or "" => null,
        _ => Span,
    };

    /// <summary>OpenTelemetry's <c>gen_ai.operation.name</c>.</summary>
    public static string? FromGenAiOperation(string? value) => value switch
    {
        "chat" or "text_completion" or "generate_content" => Generation,
        "embeddings" => Embedding,
        "execute_tool" => Tool,
        "invoke_agent" or "create_agent" => Agent,
        "retrieval" => Retrieval,
        null or "" => null,
        _ => Span,
    };
}
