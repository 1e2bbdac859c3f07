using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Registry.Model;
using MlOps.Registry.Services;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Registry.Apis;

public static class PromotionApi
{
    public static IEndpointRouteBuilder MapPromotionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/models/{name}").WithTags("Promotion");
        api.MapGet("/policy", GetPolicy).WithName("GetPromotionPolicy").WithSummary("The gate champion moves must pass (the default, readiness on, when none was set).");
        api.MapPut("/policy", SetPolicy).ProducesValidationProblem().WithName("SetPromotionPolicy").WithSummary("Sets the promotion gate (registry:promote).");
        api.MapPost("/rollback", Rollback).WithName("RollbackChampion")
            .WithSummary("Moves champion back to the last version that held it and passed its gate (registry:promote).");
        return app;
    }

    public static async Task<Results<Ok<PromotionPolicy>, ProblemHttpResult>> GetPolicy(string name, TenantId tenant, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<(bool Exists, string? Json)>(new CommandDefinition(
            """
            SELECT true, p.policy::text FROM registered_models m LEFT JOIN promotion_policies p ON p.model_id = m.id
            WHERE m.tenant_id = @tenant AND m.name = @name
            """, new { tenant = tenant.Value, name }, cancellationToken: cancellationToken));
        if (!found.Exists)
        {
            return RegistryProblems.ModelNotFound(name);
        }
        // A model without a stored policy is gated by the default one (readiness on), so that is what it has.
        var policy = found.Json is null ? PromotionPolicy.Default
            : System.Text.Json.JsonSerializer.Deserialize<PromotionPolicy>(found.Json, System.Text.Json.JsonSerializerOptions.Web)!;
        return TypedResults.Ok(policy with { Readiness = policy.Readiness ?? ReadinessPolicy.Default });
    }

    public static async Task<Results<Ok<PromotionPolicy>, ProblemHttpResult>> SetPolicy(string name, PromotionPolicy policy, TenantId tenant, RegistryCaller caller,
        NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!caller.Has(RegistryCaller.PromoteScope))
        {
            return RegistryProblems.MissingScope(RegistryCaller.PromoteScope);
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await transaction.LockModelAsync(tenant.Value, name, cancellationToken) is not { } modelId)
        {
            return RegistryProblems.ModelNotFound(name);
        }
        policy = policy with { Readiness = policy.Readiness ?? ReadinessPolicy.Default };
        var json = System.Text.Json.JsonSerializer.Serialize(policy, System.Text.Json.JsonSerializerOptions.Web);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO promotion_policies (model_id, policy) VALUES (@modelId, @json::jsonb)
            ON CONFLICT (model_id) DO UPDATE SET policy = @json::jsonb, updated_at = now()
            """, new { modelId, json }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, tenant.Value, caller, "policy.set", $"model:{name}", null, policy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(policy);
    }

    public static async Task<Results<Ok<AliasResponse>, ProblemHttpResult>> Rollback(string name, RollbackRequest request, TenantId tenant, RegistryCaller caller,
        NpgsqlDataSource db, AliasMover aliases, CancellationToken cancellationToken)
    {
        if (!caller.Has(RegistryCaller.PromoteScope))
        {
            return RegistryProblems.MissingScope(RegistryCaller.PromoteScope);
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var move = await aliases.RollbackAsync(transaction, tenant.Value, name, request.FromVersion, request.Reason, caller, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Rollbacks.ToResult(name, move);
    }
}
