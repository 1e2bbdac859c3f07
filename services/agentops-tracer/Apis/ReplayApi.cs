using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.AgentOpsTracer.Model;
using MlOps.AgentOpsTracer.Pages;
using MlOps.AgentOpsTracer.Reading;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.AgentOpsTracer.Apis;

public static class ReplayApi
{
    public static IEndpointRouteBuilder MapReplayApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/").WithTags("Replay");
        group.MapGet("/sessions/{id}/replay", SessionReplay).WithName("GetSessionReplay")
            .WithSummary("A session's steps in order (generations, tools, agents), each with depth, timing, tokens, cost, input and output.");
        group.MapGet("/traces/{traceId}/replay", TraceReplay).WithName("GetTraceReplay")
            .WithSummary("A trace's steps in order, as the session replay.");
        group.MapGet("/sessions/{id}/replay/page", SessionPage).WithName("GetSessionReplayPage").ExcludeFromDescription();
        group.MapGet("/traces/{traceId}/replay/page", TracePage).WithName("GetTraceReplayPage").ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<ReplayResponse>, ProblemHttpResult>> SessionReplay(string id, TenantId tenant, ReplayReader replays,
        CancellationToken cancellationToken) =>
        await replays.SessionAsync(tenant.Value, id, cancellationToken) is { } replay ? TypedResults.Ok(replay) : TenantReadApi.NotFound("Session", id);

    public static async Task<Results<Ok<ReplayResponse>, ProblemHttpResult>> TraceReplay(string traceId, TenantId tenant, ReplayReader replays,
        CancellationToken cancellationToken) =>
        TraceIds.Parse(traceId) is not { } bytes ? TraceIds.Invalid()
        : await replays.TraceAsync(tenant.Value, bytes, cancellationToken) is { } replay ? TypedResults.Ok(replay)
        : TenantReadApi.NotFound("Trace", traceId);

    public static async Task<Results<HtmlPage, ProblemHttpResult>> SessionPage(string id, TenantId tenant, ReplayReader replays,
        CancellationToken cancellationToken) =>
        await replays.SessionAsync(tenant.Value, id, cancellationToken) is { } replay ? ReplayPage.Render(replay) : TenantReadApi.NotFound("Session", id);

    public static async Task<Results<HtmlPage, ProblemHttpResult>> TracePage(string traceId, TenantId tenant, ReplayReader replays,
        CancellationToken cancellationToken) =>
        TraceIds.Parse(traceId) is not { } bytes ? TraceIds.Invalid()
        : await replays.TraceAsync(tenant.Value, bytes, cancellationToken) is { } replay ? ReplayPage.Render(replay)
        : TenantReadApi.NotFound("Trace", traceId);
}
