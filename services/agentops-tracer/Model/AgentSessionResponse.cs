namespace MlOps.AgentOpsTracer.Model;

/// <summary>An LLM agent session assembled from its traces.</summary>
public sealed record AgentSessionResponse(Guid Id, string SessionKey, DateTime StartedAt, DateTime LastSeenAt, long SpanCount, long InputTokens, long OutputTokens, decimal Cost)
{
    public const string SelectFrom =
        "SELECT id, session_key AS SessionKey, started_at AS StartedAt, last_seen_at AS LastSeenAt, span_count AS SpanCount, input_tokens AS InputTokens, output_tokens AS OutputTokens, cost FROM agent_sessions";
}
