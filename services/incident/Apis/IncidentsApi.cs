using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Incident.Lifecycle;
using MlOps.Incident.Model;
using MlOps.Incident.Services;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Data;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Incident.Apis;

public static class IncidentsApi
{
    private static readonly string[] Active = ["open", "acknowledged", "mitigated"];

    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/incidents").WithTags("Incidents");
        api.MapGet("/", ListIncidents).WithName("ListIncidents")
            .WithSummary("Lists the tenant's incidents in opening order, optionally by status, severity, source or assignee; pass the cursor for the next page.");
        api.MapGet("/{id:guid}", GetIncident).WithName("GetIncident").WithSummary("Gets one incident.");
        api.MapGet("/{id:guid}/timeline", GetTimeline).WithName("GetIncidentTimeline")
            .WithSummary("Everything that happened to the incident, oldest first: alerts, status changes, notes, notifications, runbook steps.");
        api.MapPost("/", OpenIncident).WithName("OpenIncident").WithSummary("Opens an incident by hand and publishes IncidentOpened.");
        api.MapPost("/{id:guid}/acknowledge", (Guid id, IncidentActionRequest? request, Ctx ctx, CancellationToken ct) =>
                Transition(id, "acknowledged", ["open"], request?.Note, ctx, ct))
            .WithName("AcknowledgeIncident").WithSummary("Someone is on it: open → acknowledged.");
        api.MapPost("/{id:guid}/mitigate", (Guid id, IncidentActionRequest? request, Ctx ctx, CancellationToken ct) =>
                Transition(id, "mitigated", ["open", "acknowledged"], request?.Note, ctx, ct))
            .WithName("MitigateIncident").WithSummary("The impact is stopped, the cause may remain: open or acknowledged → mitigated.");
        api.MapPost("/{id:guid}/reopen", (Guid id, IncidentActionRequest? request, Ctx ctx, CancellationToken ct) =>
                Transition(id, "open", ["resolved"], request?.Note, ctx, ct))
            .WithName("ReopenIncident").WithSummary("resolved → open; refused while another active incident holds the same dedup key.");
        api.MapPost("/{id:guid}/resolve", ResolveIncident).WithName("ResolveIncident").WithSummary("Resolves an active incident and publishes IncidentResolved.");
        api.MapPut("/{id:guid}/assignee", AssignIncident).WithName("AssignIncident").WithSummary("Sets (or, with null, clears) who owns the incident.");
        api.MapPut("/{id:guid}/severity", SetSeverity).WithName("SetIncidentSeverity").WithSummary("Changes the incident's severity.");
        api.MapPost("/{id:guid}/notes", AddNote).WithName("AddIncidentNote").WithSummary("Adds a note to the timeline.");
        return app;
    }

    /// <summary>What every action needs, bound once.</summary>
    public sealed record Ctx(TenantId Tenant, CallerIdentity Caller, NpgsqlDataSource Db, IncidentStore Incidents, IncidentActions Actions)
    {
        public static async ValueTask<Ctx?> BindAsync(HttpContext context)
        {
            var services = context.RequestServices;
            return new Ctx((await TenantId.BindAsync(context))!, CallerIdentity.Of(context)!, services.GetRequiredService<NpgsqlDataSource>(),
                services.GetRequiredService<IncidentStore>(), services.GetRequiredService<IncidentActions>());
        }
    }

    public static async Task<Results<Ok<Page<IncidentResponse>>, ProblemHttpResult>> ListIncidents(TenantId tenant, PageRequest page, NpgsqlDataSource db,
        string? status, string? severity, string? source, string? assignee, CancellationToken cancellationToken)
    {
        if (status is not null && !Active.Contains(status) && status != "resolved" && status != "active")
        {
            return Invalid($"status: one of open, acknowledged, mitigated, resolved or active, not '{status}'.");
        }
        if (severity is not null && !Severity.IsKnown(severity))
        {
            return Invalid($"severity: one of {string.Join(", ", Severity.All)}, not '{severity}'.");
        }
        var filter = (status == "active" ? " AND status <> 'resolved'" : status is null ? "" : " AND status = @status")
            + (severity is null ? "" : " AND severity = @severity") + (source is null ? "" : " AND source = @source")
            + (assignee is null ? "" : " AND assignee = @assignee");
        return TypedResults.Ok(await db.QueryPageAsync<IncidentResponse>(IncidentResponse.SelectFrom, tenant, page, i => i.Id, cancellationToken,
            filter, new { status, severity, source, assignee }));
    }

    public static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> GetIncident(Guid id, TenantId tenant, NpgsqlDataSource db,
        CancellationToken cancellationToken) =>
        await db.QueryOneAsync<IncidentResponse>(IncidentResponse.SelectFrom, "id", id, tenant, cancellationToken) is { } incident
            ? TypedResults.Ok(incident)
            : IncidentNotFound(id);

    public static async Task<Results<Ok<IReadOnlyList<TimelineEntry>>, ProblemHttpResult>> GetTimeline(Guid id, TenantId tenant, NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var entries = (await connection.QueryAsync<TimelineEntry>(new CommandDefinition("""
            SELECT t.id, t.at, t.kind, t.actor, t.summary, t.detail FROM incident_timeline t JOIN incidents i ON i.id = t.incident_id
            WHERE i.id = @id AND i.tenant_id = @tenant ORDER BY t.id
            """, new { id, tenant = tenant.Value }, cancellationToken: cancellationToken))).ToList();
        if (entries.Count == 0 && await db.QueryOneAsync<IncidentResponse>(IncidentResponse.SelectFrom, "id", id, tenant, cancellationToken) is null)
        {
            return IncidentNotFound(id);
        }
        return TypedResults.Ok<IReadOnlyList<TimelineEntry>>(entries);
    }

    public static async Task<Created<IncidentResponse>> OpenIncident(OpenIncidentRequest request, Ctx ctx, CancellationToken cancellationToken)
    {
        await using var connection = await ctx.Db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await ctx.Incidents.OpenAsync(transaction, ctx.Tenant.Value, request.Title, request.Severity, "manual", ctx.Caller.Subject, Guid.NewGuid(),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var incident = await ctx.Db.QueryOneAsync<IncidentResponse>(IncidentResponse.SelectFrom, "id", id, ctx.Tenant, cancellationToken);
        return TypedResults.Created($"/incidents/{id}", incident);
    }

    public static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> ResolveIncident(Guid id, ResolveIncidentRequest request, Ctx ctx,
        CancellationToken cancellationToken) =>
        await Change(id, ctx, (transaction, ct) => ctx.Incidents.ResolveAsync(transaction, ctx.Tenant.Value, id, ctx.Caller.Subject, request.Resolution, ct),
            "resolve", cancellationToken);

    public static Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> Transition(Guid id, string status, string[] from, string? note, Ctx ctx,
        CancellationToken cancellationToken) =>
        Change(id, ctx, (transaction, ct) => ctx.Actions.TransitionAsync(transaction, ctx.Tenant.Value, id, status, from, ctx.Caller.Subject, note, ct),
            status == "open" ? "reopen" : status, cancellationToken);

    public static Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> AssignIncident(Guid id, AssignIncidentRequest request, Ctx ctx,
        CancellationToken cancellationToken) =>
        Change(id, ctx, (transaction, ct) => ctx.Actions.AssignAsync(transaction, ctx.Tenant.Value, id, request.Assignee, ctx.Caller.Subject, ct),
            "assign", cancellationToken);

    public static Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> SetSeverity(Guid id, SetSeverityRequest request, Ctx ctx,
        CancellationToken cancellationToken) =>
        Change(id, ctx, (transaction, ct) => ctx.Actions.SetSeverityAsync(transaction, ctx.Tenant.Value, id, request.Severity, ctx.Caller.Subject, ct),
            "change the severity of", cancellationToken);

    public static Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> AddNote(Guid id, AddNoteRequest request, Ctx ctx,
        CancellationToken cancellationToken) =>
        Change(id, ctx, (transaction, ct) => ctx.Actions.AddNoteAsync(transaction, ctx.Tenant.Value, id, request.Text, ctx.Caller.Subject, ct),
            "add a note to", cancellationToken);

    /// <summary>Runs one change in a transaction; 404 for another tenant's or no incident, 409 when its state forbids the change.</summary>
    private static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> Change(Guid id, Ctx ctx,
        Func<NpgsqlTransaction, CancellationToken, Task<bool>> change, string verb, CancellationToken cancellationToken)
    {
        await using var connection = await ctx.Db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        bool changed;
        try
        {
            changed = await change(transaction, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Another incident is active for this dedup key",
                detail: $"Incident {id} cannot be reopened while another active incident holds its dedup key; use that one.");
        }
        var current = await ctx.Db.QueryOneAsync<IncidentResponse>(IncidentResponse.SelectFrom, "id", id, ctx.Tenant, cancellationToken);
        if (!changed)
        {
            return current is null
                ? IncidentNotFound(id)
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Cannot {verb} the incident",
                    detail: $"Incident {id} is {current.Status}; it cannot {verb} from there.");
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await ctx.Db.QueryOneAsync<IncidentResponse>(IncidentResponse.SelectFrom, "id", id, ctx.Tenant, cancellationToken))!);
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query", detail: detail);

    private static ProblemHttpResult IncidentNotFound(Guid id) => TenantReadApi.NotFound("Incident", id);
}
