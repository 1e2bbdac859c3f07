namespace MlOps.AgentOpsTracer.Model;

/// <summary>GET /agents: the agents by name, at most Limit of them; Truncated says more agents were active in the range.</summary>
public sealed record AgentListResponse(IReadOnlyList<AgentResponse> Agents, bool Truncated, int Limit);
