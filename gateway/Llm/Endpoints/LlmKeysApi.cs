using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Gateway.Authentication;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Model;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using Npgsql;

namespace MlOps.Gateway.Llm.Endpoints;

/// <summary>Admin API of virtual keys: create (the secret is shown once), read, change limits or block; revoke with DELETE /admin/keys/{id}.</summary>
public static class LlmKeysApi
{
    public static IEndpointRouteBuilder MapLlmKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/admin/llm-keys").WithTags("Virtual keys").RequireAuthorization(Extensions.Extensions.AdminPolicy);
        api.MapPost("/", CreateKey).ProducesValidationProblem().WithName("CreateVirtualKey")
            .WithSummary("Creates a virtual key with models, budget, rate limits and cache; the secret is in this answer only.");
        api.MapGet("/{id:guid}", GetKey).WithName("GetVirtualKey").WithSummary("A virtual key and its policy.");
        // Not under the admin group's policy alone: a service holding llm:keys may change its own tenant's keys.
        app.MapPatch("/admin/llm-keys/{id:guid}", UpdateKey).WithTags("Virtual keys").RequireAuthorization(Extensions.Extensions.LlmKeysPolicy)
            .ProducesValidationProblem().WithName("UpdateVirtualKey")
            .WithSummary("Changes a virtual key's rpm and tpm, or blocks it (its LLM calls are refused) and unblocks it; absent fields stay.");
        return app;
    }

    // The body is validated before this runs (CreateLlmKeyRequest's and LlmBudgetRequest's attributes and Validate).
    public static async Task<Created<CreatedLlmKeyResponse>> CreateKey(CreateLlmKeyRequest request, NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        var secret = ApiKeyHasher.NewKey();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var key = await ApiKeyStore.InsertAsync(transaction, secret, request.TenantId, request.Name, [PlatformScopes.Llm], request.ExpiresAt?.ToUniversalTime(), cancellationToken);
        var budget = request.Budget;
        var policy = new LlmKeyPolicy
        {
            KeyId = key.Id,
            Team = request.Team,
            AllowedModels = [.. (request.Models ?? []).Select(m => m.Trim()).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal)],
            AllowedRoutes = [.. (request.Routes ?? []).Distinct(StringComparer.Ordinal)],
            BudgetTokens = budget?.Tokens,
            BudgetCostMicros = budget?.Cost is { } cost ? (long)Math.Round(cost * 1_000_000m) : null,
            BudgetWindow = budget?.Window ?? QuotaWindows.Month,
            BudgetWindowSeconds = budget?.WindowSeconds,
            SoftAlertRatio = budget?.SoftAlertRatio ?? 0.8,
            Rpm = request.Rpm,
            Tpm = request.Tpm,
            Cache = request.Cache ?? CacheModes.Exact,
            CacheNondeterministic = request.CacheNondeterministic,
            CacheTtlSeconds = request.CacheTtlSeconds ?? 3600,
            InputGuard = request.InputGuard ?? InputGuards.Rules,
            OutputGuard = request.OutputGuard ?? OutputGuards.Redact,
            Metadata = request.Metadata is { ValueKind: System.Text.Json.JsonValueKind.Object } metadata ? metadata.GetRawText() : "{}",
        };
        await LlmKeyPolicyStore.InsertAsync(transaction, policy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/admin/llm-keys/{key.Id}", new CreatedLlmKeyResponse(LlmKeyView.Of(key, policy), secret));
    }

    public static async Task<Results<Ok<LlmKeyView>, ProblemHttpResult>> GetKey(Guid id, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var key = await connection.QuerySingleOrDefaultAsync<ApiKeyResponse>(new CommandDefinition($"{ApiKeyResponse.SelectFrom} WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        var policy = await connection.QuerySingleOrDefaultAsync<LlmKeyPolicy>(new CommandDefinition($"{LlmKeyPolicy.SelectFrom} WHERE key_id = @id", new { id }, cancellationToken: cancellationToken));
        return key is null || policy is null ? TenantReadApi.NotFound("Virtual key", id) : TypedResults.Ok(LlmKeyView.Of(key, policy));
    }

    // The body is validated before this runs (UpdateLlmKeyRequest's attributes and Validate).
    public static async Task<Results<Ok<LlmKeyView>, ProblemHttpResult>> UpdateKey(Guid id, UpdateLlmKeyRequest request, ClaimsPrincipal user,
        LlmKeyPolicyStore policies, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var key = await connection.QuerySingleOrDefaultAsync<ApiKeyResponse>(new CommandDefinition($"{ApiKeyResponse.SelectFrom} WHERE id = @id", new { id },
            cancellationToken: cancellationToken));
        // Without admin, another tenant's key is as good as absent.
        var mine = user.HasClaim(GatewayClaims.Scope, PlatformScopes.Admin) || key?.TenantId == user.FindFirst(GatewayClaims.Tenant)?.Value;
        return key is not null && mine && await policies.UpdateAsync(id, request, cancellationToken) is { } policy
            ? TypedResults.Ok(LlmKeyView.Of(key, policy))
            : TenantReadApi.NotFound("Virtual key", id);
    }
}
