using Microsoft.AspNetCore.Http.HttpResults;
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
                + "errors and error rate, tokens and cost.");
        app.MapGet("/usage", GetUsage).WithTags("Usage").WithName("GetUsage")
            .WithSummary("Tokens and cost per UTC day, agent and model in from/to, optionally for one agent or model.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<AgentResponse>>> ListAgents(TimeRange range, TenantId tenant, UsageReader usage,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await usage.AgentsAsync(tenant.Value, range, cancellationToken));

    public static async Task<Ok<IReadOnlyList<UsageResponse>>> GetUsage(TimeRange range, TenantId tenant, UsageReader usage,
        CancellationToken cancellationToken, string? agent = null, string? model = null) =>
        TypedResults.Ok(await usage.UsageAsync(tenant.Value, range, agent, model, cancellationToken));
}
