namespace MlOps.AgentOpsTracer.Content;

/// <summary>
/// The attributes and events that carry message contents in the conventions the intake reads (OpenTelemetry GenAI, current
/// and older names; OpenInference; Langfuse); everything else on a span is the instrumentation's metadata.
/// </summary>
internal static class ContentKeys
{
    private static readonly HashSet<string> Exact = new(StringComparer.Ordinal)
    {
        "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions", "gen_ai.prompt", "gen_ai.completion",
        "gen_ai.tool.call.arguments", "gen_ai.tool.call.result", "input.value", "output.value", "tool.parameters",
        "langfuse.observation.input", "langfuse.observation.output", "langfuse.trace.input", "langfuse.trace.output",
    };

    // Indexed forms: gen_ai.prompt.0.content (OpenLLMetry), llm.input_messages.0.message.content, retrieval.documents.0.document.content.
    private static readonly string[] Prefixes =
        ["gen_ai.prompt.", "gen_ai.completion.", "llm.input_messages.", "llm.output_messages.", "llm.prompts.", "retrieval.documents."];

    // The GenAI message events (current and older names): all their attributes are the message.
    private static readonly HashSet<string> MessageEvents = new(StringComparer.Ordinal)
    {
        "gen_ai.system.message", "gen_ai.user.message", "gen_ai.assistant.message", "gen_ai.tool.message", "gen_ai.choice",
        "gen_ai.content.prompt", "gen_ai.content.completion", "gen_ai.client.inference.operation.details",
    };

    public static bool IsContent(string key)
    {
        if (Exact.Contains(key))
        {
            return true;
        }
        foreach (var prefix in Prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public static bool IsMessageEvent(string name) => MessageEvents.Contains(name);
}
