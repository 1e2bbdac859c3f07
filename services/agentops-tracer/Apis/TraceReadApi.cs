using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.AgentOpsTracer.Model;
using MlOps.AgentOpsTracer.Reading;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.AgentOpsTracer.Apis;

public static class TraceReadApi
{
    public static IEndpointRouteBuilder MapTraceReadApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/traces/{traceId}", GetTrace).WithTags("Traces").WithName("GetTrace")
            .WithSummary("A trace as a tree of spans: parent, timing, status, tokens and cost per span, and the trace's totals.");
        return app;
    }

    public static async Task<Results<Ok<TraceResponse>, ProblemHttpResult>> GetTrace(string traceId, TenantId tenant, TraceReader traces,
        CancellationToken cancellationToken)
    {
        if (TraceIds.Parse(traceId) is not { } bytes)
        {
            return TraceIds.Invalid();
        }
        return await traces.GetAsync(tenant.Value, bytes, cancellationToken) is { } trace
            ? TypedResults.Ok(trace)
            : TenantReadApi.NotFound("Trace", traceId);
    }
}
