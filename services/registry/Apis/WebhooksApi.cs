using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Registry.Model;
using MlOps.Registry.Services;
using MlOps.Registry.Webhooks;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Data;
using MlOps.ServiceDefaults.Outbound;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Registry.Apis;

public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/webhooks").WithTags("Webhooks");
        api.MapPost("/", CreateWebhook).ProducesValidationProblem().WithName("CreateWebhook")
            .WithSummary("Subscribes a URL to registry events; the signing secret is in this answer only (registry:write).");
        api.MapGet("/", ListWebhooks).WithName("ListWebhooks").WithSummary("Lists the tenant's subscriptions.");
        api.MapDelete("/{id:guid}", DeleteWebhook).WithName("DeleteWebhook").WithSummary("Ends a subscription (registry:write).");
        api.MapGet("/{id:guid}/deliveries", ListDeliveries).WithName("ListWebhookDeliveries").WithSummary("The delivery log of a subscription: status, attempts, the last attempt's generic outcome.");
        return app;
    }

    public static async Task<Results<Created<CreatedWebhookResponse>, ProblemHttpResult>> CreateWebhook(CreateWebhookRequest request, TenantId tenant, RegistryCaller caller,
        NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!caller.Has(RegistryCaller.WriteScope))
        {
            return RegistryProblems.MissingScope(RegistryCaller.WriteScope);
        }
        var secret = WebhookSignature.NewSecret();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var webhook = await connection.QuerySingleAsync<WebhookResponse>(new CommandDefinition(
            "INSERT INTO webhook_subscriptions (id, tenant_id, url, event_types, secret) VALUES (@id, @tenant, @url, @types, @secret) RETURNING id, url, event_types AS EventTypes, created_at AS CreatedAt",
            new { id = Guid.CreateVersion7(), tenant = tenant.Value, url = request.Destination().ToString(), types = request.EventTypes.Distinct().ToArray(), secret }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, tenant.Value, caller, "webhook.created", $"webhook:{webhook.Id}", null, webhook, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/webhooks/{webhook.Id}", new CreatedWebhookResponse(webhook, secret));
    }

    public static async Task<Ok<Page<WebhookResponse>>> ListWebhooks(TenantId tenant, PageRequest page, NpgsqlDataSource db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.QueryPageAsync<WebhookResponse>(WebhookResponse.SelectFrom, tenant, page, w => w.Id, cancellationToken, "AND deleted_at IS NULL"));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(Guid id, TenantId tenant, RegistryCaller caller, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!caller.Has(RegistryCaller.WriteScope))
        {
            return RegistryProblems.MissingScope(RegistryCaller.WriteScope);
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE webhook_subscriptions SET deleted_at = now() WHERE id = @id AND tenant_id = @tenant AND deleted_at IS NULL",
            new { id, tenant = tenant.Value }, transaction, cancellationToken: cancellationToken));
        if (deleted == 0)
        {
            return TenantReadApi.NotFound("Webhook", id);
        }
        await AuditLog.WriteAsync(transaction, tenant.Value, caller, "webhook.deleted", $"webhook:{id}", null, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<Page<WebhookDeliveryResponse>>> ListDeliveries(Guid id, TenantId tenant, PageRequest page, NpgsqlDataSource db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.QueryPageAsync<WebhookDeliveryResponse>(WebhookDeliveryResponse.SelectFrom, tenant, page, d => d.Id, cancellationToken,
            "AND subscription_id = @subscription", new { subscription = id }));
}
