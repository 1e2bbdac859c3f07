using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Incident.Model;
using MlOps.Incident.Services;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Data;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Incident.Apis;

public static class IncidentsApi
{
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapTenantReadApi<IncidentResponse, Guid>("/incidents", "Incident", IncidentResponse.SelectFrom, "id", i => i.Id);
        api.MapPost("/", OpenIncident).WithName("OpenIncident").WithSummary("Opens an incident by hand and publishes IncidentOpened.");
        api.MapPost("/{id:guid}/resolve", ResolveIncident).WithName("ResolveIncident").WithSummary("Resolves an open incident and publishes IncidentResolved.");
        return app;
    }

    public static async Task<Created<IncidentResponse>> OpenIncident(OpenIncidentRequest request, TenantId tenant, NpgsqlDataSource db, IncidentStore incidents, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await incidents.OpenAsync(transaction, tenant.Value, request.Title, request.Severity, "manual", Guid.NewGuid(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var incident = await db.QueryOneAsync<IncidentResponse>(IncidentResponse.SelectFrom, "id", id, tenant, cancellationToken);
        return TypedResults.Created($"/incidents/{id}", incident);
    }

    public static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> ResolveIncident(Guid id, ResolveIncidentRequest request, TenantId tenant, NpgsqlDataSource db, IncidentStore incidents, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await incidents.ResolveAsync(transaction, tenant.Value, id, request.Resolution, cancellationToken))
        {
            var existing = await db.QueryOneAsync<IncidentResponse>(IncidentResponse.SelectFrom, "id", id, tenant, cancellationToken);
            return existing is null
                ? IncidentNotFound(id)
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Incident already resolved", detail: $"Incident {id} was resolved at {existing.ResolvedAt:O}.");
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await db.QueryOneAsync<IncidentResponse>(IncidentResponse.SelectFrom, "id", id, tenant, cancellationToken))!);
    }

    private static ProblemHttpResult IncidentNotFound(Guid id) => TenantReadApi.NotFound("Incident", id);
}
