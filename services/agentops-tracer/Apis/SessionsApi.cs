using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.AgentOpsTracer.Model;
using MlOps.AgentOpsTracer.Reading;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.AgentOpsTracer.Apis;

public static class SessionsApi
{
    private const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sessions").WithTags("Sessions");
        group.MapGet("/", ListSessions).WithName("ListSessions")
            .WithSummary("The tenant's sessions with their totals, most recently active first; pass nextCursor as cursor for the next page.");
        group.MapGet("/{id}", GetSession).WithName("GetSession")
            .WithSummary("One session's totals: traces, spans, tokens, cost, errors, first and last seen.");
        return app;
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetSession(string id, TenantId tenant, SessionReader sessions,
        CancellationToken cancellationToken) =>
        await sessions.GetAsync(tenant.Value, id, cancellationToken) is { } session
            ? TypedResults.Ok(session)
            : TenantReadApi.NotFound("Session", id);

    public static async Task<Results<Ok<Page<SessionResponse>>, ProblemHttpResult>> ListSessions(TenantId tenant, SessionReader sessions,
        CancellationToken cancellationToken, int limit = 50, string? cursor = null)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit",
                detail: $"limit must be between 1 and {MaxLimit}.");
        }
        DateTime? before = null;
        string? beforeId = null;
        if (cursor is not null)
        {
            // The cursor is "<last seen ticks>:<session id>" of the page's last session.
            var colon = cursor.IndexOf(':', StringComparison.Ordinal);
            if (colon < 1 || !long.TryParse(cursor.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTime.MaxValue.Ticks)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor",
                    detail: "cursor: not one this API gave; pass the nextCursor of a previous page.");
            }
            before = new DateTime(ticks, DateTimeKind.Utc);
            beforeId = cursor[(colon + 1)..];
        }
        var rows = await sessions.ListAsync(tenant.Value, limit + 1, before, beforeId, cancellationToken);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? $"{page[^1].LastSeen.Ticks.ToString(CultureInfo.InvariantCulture)}:{page[^1].Id}" : null;
        return TypedResults.Ok(new Page<SessionResponse>(page, next));
    }
}
