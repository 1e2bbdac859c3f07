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
        api.MapPost("/", CreateKey).WithName("CreateApiKey").WithSummary("Creates an API key for a tenant; the secret is in this answer only.");
        api.MapGet("/", ListKeys).WithName("ListApiKeys").WithSummary("Lists a tenant's keys (never their secrets).");
        api.MapDelete("/{id:guid}", RevokeKey).WithName("RevokeApiKey").WithSummary("Revokes a key at once.");
        return app;
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateKey(CreateApiKeyRequest request, ApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.ExpiresAt is { } expires && expires.ToUniversalTime() <= time.GetUtcNow().UtcDateTime)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid expiry", detail: "expiresAt must be in the future.");
        }
        if (request.Scopes?.Any(s => s is null) == true)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown scope", detail: "scopes: null is not a scope.");
        }
        var scopes = (request.Scopes ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (scopes.FirstOrDefault(s => !PlatformScopes.All.Contains(s)) is { } unknown)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown scope",
                detail: $"scopes: '{unknown}' is not a scope; the scopes are {string.Join(", ", PlatformScopes.All.Order(StringComparer.Ordinal))}.");
        }
        if (scopes.Contains(PlatformScopes.Llm))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Use a virtual key",
                detail: "scopes: 'llm' keys are virtual keys with a budget and limits; create them with POST /admin/llm-keys.");
        }
        var secret = ApiKeyHasher.NewKey();
        var key = await keys.CreateAsync(secret, request.TenantId, request.Name, scopes, request.ExpiresAt?.ToUniversalTime(), cancellationToken);
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
