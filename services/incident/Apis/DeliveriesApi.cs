using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Incident.Lifecycle;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Incident.Apis;

/// <summary>The delivery log of an incident's notifications: each channel's attempts and outcome.</summary>
public static class DeliveriesApi
{
    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/incidents/{id:guid}/notifications", ListDeliveries).WithTags("Incidents").WithName("ListIncidentNotifications")
            .WithSummary("Every notification of the incident, oldest first: channel, action, status, attempts, last error.");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<DeliveryResponse>>, ProblemHttpResult>> ListDeliveries(Guid id, TenantId tenant, NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        if (!await IncidentLookup.ExistsAsync(connection, null, id, tenant.Value, cancellationToken))
        {
            return TenantReadApi.NotFound("Incident", id);
        }
        var deliveries = (await connection.QueryAsync<DeliveryResponse>(new CommandDefinition("""
            SELECT id, channel, action, status, attempts, last_error AS lastError, created_at AS createdAt, delivered_at AS deliveredAt,
                CASE WHEN status = 'pending' THEN next_attempt_at END AS nextAttemptAt
            FROM notification_deliveries WHERE incident_id = @id AND tenant_id = @tenant ORDER BY created_at
            """, new { id, tenant = tenant.Value }, cancellationToken: cancellationToken))).ToList();
        return TypedResults.Ok<IReadOnlyList<DeliveryResponse>>(deliveries);
    }
}

public sealed record DeliveryResponse(Guid Id, string Channel, string Action, string Status, int Attempts, string? LastError, DateTime CreatedAt,
    DateTime? DeliveredAt, DateTime? NextAttemptAt);
