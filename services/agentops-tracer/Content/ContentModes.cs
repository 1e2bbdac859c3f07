namespace MlOps.AgentOpsTracer.Content;

/// <summary>What a tenant's policy keeps of message contents (prompts, completions, tool arguments and results).</summary>
public static class ContentModes
{
    /// <summary>PII and secrets replaced by typed placeholders such as &lt;EMAIL_ADDRESS_1&gt;; the default.</summary>
    public const string Redact = "redact";

    /// <summary>Stored as sent.</summary>
    public const string Keep = "keep";

    /// <summary>Not stored at all; the span keeps its timing, tokens and cost.</summary>
    public const string Drop = "drop";
}
