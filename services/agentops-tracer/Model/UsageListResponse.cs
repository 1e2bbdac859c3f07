namespace MlOps.AgentOpsTracer.Model;

/// <summary>GET /usage: rows by day, agent and model, at most Limit of them; Truncated says the range held more.</summary>
public sealed record UsageListResponse(IReadOnlyList<UsageResponse> Rows, bool Truncated, int Limit);
