using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MlOps.AgentOpsTracer.Model;
using MlOps.AgentOpsTracer.Reading;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.AgentOpsTracer.Apis;

public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/agents", ListAgents).WithTags("Agents").WithName("ListAgents")
            .WithSummary("The tenant's agents in from/to (the last day by default): traces, sessions, model and tool calls, tools used, "
                + "errors and error rate, tokens and cost; at most limit (MlOps:Tracer:Reading:MaxAgents) agents, truncated: true when more were active.");
        app.MapGet("/usage", GetUsage).WithTags("Usage").WithName("GetUsage")
            .WithSummary("Tokens and cost per UTC day, agent and model in from/to, optionally for one agent or model; at most limit "
                + "(MlOps:Tracer:Reading:MaxUsageRows) rows, truncated: true when the range held more.");
        return app;
    }

    public static async Task<Ok<AgentListResponse>> ListAgents(TimeRange range, TenantId tenant, UsageReader usage, IOptions<ReadOptions> options,
        CancellationToken cancellationToken, int? limit = null) =>
        TypedResults.Ok(await usage.AgentsAsync(tenant.Value, range, Limit(limit, options.Value.MaxAgents), cancellationToken));

    public static async Task<Ok<UsageListResponse>> GetUsage(TimeRange range, TenantId tenant, UsageReader usage, IOptions<ReadOptions> options,
        CancellationToken cancellationToken, string? agent = null, string? model = null, int? limit = null) =>
        TypedResults.Ok(await usage.UsageAsync(tenant.Value, range, agent, model, Limit(limit, options.Value.MaxUsageRows), cancellationToken));

    private static int Limit(int? asked, int max) => asked switch
    {
        null => max,
        >= 1 and var n when n <= max => n,
        _ => throw new BadHttpRequestException($"limit must be between 1 and {max}."),
    };
}
