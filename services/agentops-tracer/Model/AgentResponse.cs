namespace MlOps.AgentOpsTracer.Model;

/// <summary>
/// One agent's activity in a time range, over the spans attributed to it (those naming it, and in traces that name one agent,
/// the spans under it that name none): traces, sessions, model calls, tool calls and the tools used, errors, tokens and cost.
/// </summary>
public sealed record AgentResponse(
    string Name, long Traces, long Sessions, long Spans, long Generations, long ToolCalls, IReadOnlyList<string> Tools, long Errors,
    double ErrorRate, long InputTokens, long OutputTokens, decimal? TotalCost, bool Priced, DateTime FirstSeen, DateTime LastSeen);
