using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Incident.Definitions;
using MlOps.Incident.Runbooks;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Incident.Apis;

/// <summary>The tenant's runbooks (versioned), running one for an incident, and approving or rejecting its approval step.</summary>
public static class RunbooksApi
{
    public static IEndpointRouteBuilder MapRunbooksApi(this IEndpointRouteBuilder app)
    {
        var runbooks = app.MapGroup("/runbooks").WithTags("Runbooks").WithShippedDefinitions();
        runbooks.MapGet("/", async (TenantId tenant, RunbookStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(tenant.Value, ct)))
            .WithName("ListRunbooks").WithSummary("The tenant's runbooks, each at its latest version.");
        runbooks.MapGet("/{name}", async Task<Results<Ok<DefinitionVersion>, ProblemHttpResult>> (string name, TenantId tenant, RunbookStore store,
                CancellationToken ct) => await store.GetAsync(tenant.Value, name, ct) is { } runbook ? TypedResults.Ok(runbook) : NotFound(name))
            .WithName("GetRunbook").WithSummary("A runbook's latest version.");
        runbooks.MapGet("/{name}/versions", async Task<Results<Ok<IReadOnlyList<DefinitionVersion>>, ProblemHttpResult>> (string name, TenantId tenant,
                RunbookStore store, CancellationToken ct) => await store.VersionsAsync(tenant.Value, name, ct) is { Count: > 0 } versions ? TypedResults.Ok(versions) : NotFound(name))
            .WithName("ListRunbookVersions").WithSummary("Every version of a runbook, newest first.");
        runbooks.MapPut("/{name}", PutRunbook).ProducesValidationProblem().WithName("PutRunbook")
            .Accepts<RunbookDefinition>("application/json", "application/yaml")
            .WithSummary("Creates or replaces a runbook, as JSON or YAML (validated: step types and parameters, references, no cycles); stores a new version.");
        runbooks.MapDelete("/{name}", async Task<Results<NoContent, ProblemHttpResult>> (string name, TenantId tenant, CallerIdentity caller, RunbookStore store,
                CancellationToken ct) => await store.DeleteAsync(tenant.Value, name, caller.Subject, ct) ? TypedResults.NoContent() : NotFound(name))
            .WithName("DeleteRunbook").WithSummary("Deletes a runbook; runs already started keep their copy.");

        var incident = app.MapGroup("/incidents/{id:guid}/runbook").WithTags("Runbooks");
        incident.MapPost("/", StartRunbook).WithName("StartRunbook").WithSummary("Runs a runbook for the incident.");
        incident.MapGet("/runs", ListRuns).WithName("ListRunbookRuns").WithSummary("The incident's runbook runs with their current step.");
        incident.MapPost("/approve", (Guid id, DecisionRequest? request, TenantId tenant, CallerIdentity caller, NpgsqlDataSource db, RunbookRuns runs,
                CancellationToken ct) => DecideAsync(id, true, request?.Note, tenant, caller, db, runs, ct))
            .WithName("ApproveRunbookStep").WithSummary("Approves the step of the incident's runbook that waits for a person.");
        incident.MapPost("/reject", (Guid id, DecisionRequest? request, TenantId tenant, CallerIdentity caller, NpgsqlDataSource db, RunbookRuns runs,
                CancellationToken ct) => DecideAsync(id, false, request?.Note, tenant, caller, db, runs, ct))
            .WithName("RejectRunbookStep").WithSummary("Rejects it: the step fails and its failure route (escalation by default) follows.");
        return app;
    }

    public static async Task<Results<Ok<DefinitionVersion>, ProblemHttpResult>> PutRunbook(string name, RunbookBody body, TenantId tenant,
        CallerIdentity caller, RunbookStore store, CancellationToken cancellationToken)
    {
        // The body was read and checked before this runs (RunbookBody.Validate); what is left is whether it matches the route.
        var runbook = body.Definition!;
        if (runbook.Name != name)
        {
            return Invalid($"name: the body names '{runbook.Name}' but the route names '{name}'.");
        }
        return await store.PutAsync(tenant.Value, name, runbook, caller.Subject, cancellationToken) is { } stored
            ? TypedResults.Ok(stored)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many runbooks",
                detail: $"A tenant has at most {store.MaxPerTenant} runbooks; delete one first.");
    }

    public static async Task<Results<Accepted<RunStarted>, ProblemHttpResult>> StartRunbook(Guid id, StartRunbookRequest request, TenantId tenant,
        CallerIdentity caller, NpgsqlDataSource db, RunbookRuns runs, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var status = await Dapper.SqlMapper.ExecuteScalarAsync<string?>(connection, new Dapper.CommandDefinition(
            "SELECT status FROM incidents WHERE id = @id AND tenant_id = @tenant FOR UPDATE", new { id, tenant = tenant.Value }, transaction,
            cancellationToken: cancellationToken));
        if (status is null)
        {
            return TenantReadApi.NotFound("Incident", id);
        }
        if (status == "resolved")
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Incident resolved", detail: $"Incident {id} is resolved; reopen it first.");
        }
        var started = await runs.StartAsync(transaction, tenant.Value, id, request.Runbook, caller.Subject, cancellationToken);
        if (started.Run is not { } run)
        {
            return Invalid(started.Problem!);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/incidents/{id}/runbook/runs", new RunStarted(run));
    }

    public static async Task<Results<Ok<IReadOnlyList<RunbookRunResponse>>, ProblemHttpResult>> ListRuns(Guid id, TenantId tenant, NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var runs = (await Dapper.SqlMapper.QueryAsync<RunbookRunResponse>(connection, new Dapper.CommandDefinition("""
            SELECT id, runbook, version, status, step_id AS stepId, step_attempt AS stepAttempt, created_at AS createdAt, finished_at AS finishedAt, error,
                outputs::text AS outputs
            FROM runbook_runs WHERE incident_id = @id AND tenant_id = @tenant ORDER BY id
            """, new { id, tenant = tenant.Value }, cancellationToken: cancellationToken))).ToList();
        if (runs.Count == 0 && !await Lifecycle.IncidentLookup.ExistsAsync(connection, null, id, tenant.Value, cancellationToken))
        {
            return TenantReadApi.NotFound("Incident", id);
        }
        return TypedResults.Ok<IReadOnlyList<RunbookRunResponse>>(runs);
    }

    private static async Task<Results<Ok, ProblemHttpResult>> DecideAsync(Guid id, bool approve, string? note, TenantId tenant, CallerIdentity caller,
        NpgsqlDataSource db, RunbookRuns runs, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await runs.DecideAsync(transaction, tenant.Value, id, approve, caller.Subject, note, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing waits for approval",
                detail: $"No runbook of incident {id} waits for an approval (or it was already decided).");
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok();
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid runbook", detail: detail);

    private static ProblemHttpResult NotFound(string name) => TenantReadApi.NotFound("Runbook", name);
}

public sealed record StartRunbookRequest([property: System.ComponentModel.DataAnnotations.Required] string Runbook);

public sealed record DecisionRequest([property: System.ComponentModel.DataAnnotations.StringLength(2000)] string? Note = null);

public sealed record RunStarted(Guid Run);

public sealed record RunbookRunResponse(Guid Id, string Runbook, int Version, string Status, string? StepId, int StepAttempt, DateTime CreatedAt,
    DateTime? FinishedAt, string? Error, string Outputs);
