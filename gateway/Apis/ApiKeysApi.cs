using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Gateway.Authentication;
using MlOps.Gateway.Extensions;
using MlOps.Gateway.Model;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;
using MlOps.ServiceDefaults.Data;

namespace MlOps.Gateway.Apis;

public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/admin/keys").WithTags("API keys").RequireAuthorization(Extensions.Extensions.AdminPolicy);
        api.MapPost("/", CreateKey).ProducesValidationProblem().WithName("CreateApiKey")
            .WithSummary("Creates an API key for a tenant; the secret is in this answer only.");
        api.MapGet("/", ListKeys).WithName("ListApiKeys").WithSummary("Lists a tenant's keys (never their secrets).");
        api.MapDelete("/{id:guid}", RevokeKey).WithName("RevokeApiKey").WithSummary("Revokes a key at once.");
        return app;
    }

    // The body is validated before this runs (CreateApiKeyRequest's attributes and Validate).
    public static async Task<Created<CreatedApiKeyResponse>> CreateKey(CreateApiKeyRequest request, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var secret = ApiKeyHasher.NewKey();
        var key = await keys.CreateAsync(secret, request.TenantId, request.Name, request.NormalizedScopes(), request.ExpiresAt?.ToUniversalTime(), cancellationToken);
        return TypedResults.Created($"/admin/keys/{key.Id}", new CreatedApiKeyResponse(key, secret));
    }

    public static async Task<Results<Ok<Page<ApiKeyResponse>>, ProblemHttpResult>> ListKeys(string? tenant, PageRequest page, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(tenant))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing tenant", detail: "Pass ?tenant=<tenant id> to list that tenant's keys.");
        }
        return TypedResults.Ok(await db.QueryPageAsync<ApiKeyResponse>(ApiKeyResponse.SelectFrom, new TenantId(tenant), page, k => k.Id, cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(Guid id, ApiKeyStore keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : TenantReadApi.NotFound("Active API key", id);
}
