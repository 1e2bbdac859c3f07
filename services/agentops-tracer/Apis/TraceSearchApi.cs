using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.AgentOpsTracer.Model;
using MlOps.AgentOpsTracer.Reading;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.AgentOpsTracer.Apis;

public static class TraceSearchApi
{
    public static IEndpointRouteBuilder MapTraceSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/traces", SearchTraces).WithTags("Traces").WithName("SearchTraces")
            .WithSummary("The tenant's traces, newest first: from/to (ISO 8601; the last day by default, at most MlOps:Tracer:Reading:MaxRange), "
                + "service, agent, session, user, model, status (ok|error), minCost, minDurationMs, attribute=key=value (up to 5), limit, cursor.");
        return app;
    }

    public static async Task<Results<Ok<Page<TraceSummaryResponse>>, ProblemHttpResult>> SearchTraces(TraceQuery query, TenantId tenant,
        TraceSearch search, CancellationToken cancellationToken)
    {
        IReadOnlyList<TraceSummaryResponse> rows;
        try
        {
            rows = await search.SearchAsync(tenant.Value, query, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Search too broad",
                detail: "The search ran past its time limit; narrow the time range or add filters (session, agent, model).");
        }
        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit ? TraceQuery.CursorOf(page[^1].StartTime, page[^1].TraceId) : null;
        return TypedResults.Ok(new Page<TraceSummaryResponse>(page, next));
    }
}
