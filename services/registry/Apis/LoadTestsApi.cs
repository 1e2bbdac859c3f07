using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Registry.Model;
using MlOps.Registry.Services;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Registry.Apis;

public static class LoadTestsApi
{
    // A day: a p99 beyond it is a unit mistake, not a measurement.

    public static IEndpointRouteBuilder MapLoadTestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/models/{name}/versions/{version:int}/load-tests").WithTags("Readiness");
        api.MapPost("/", RecordLoadTest).ProducesValidationProblem().WithName("RecordLoadTest")
            .WithSummary("Records a load measured on the version (a load test, or a canary's error rate and p99), which the readiness gate wants "
                + "before champion (registry:write).");
        api.MapGet("/", ListLoadTests).WithName("ListLoadTests").WithSummary("The version's recorded load measurements, oldest first.");
        return app;
    }

    public static async Task<Results<Created<LoadTestResponse>, ProblemHttpResult>> RecordLoadTest(string name, int version, RecordLoadTestRequest request,
        TenantId tenant, RegistryCaller caller, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!caller.Has(RegistryCaller.WriteScope))
        {
            return RegistryProblems.MissingScope(RegistryCaller.WriteScope);
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var modelId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            SELECT m.id FROM registered_models m JOIN model_versions v ON v.model_id = m.id
            WHERE m.tenant_id = @tenant AND m.name = @name AND v.version = @version AND v.status = 'ready'
            """, new { tenant = tenant.Value, name, version }, transaction, cancellationToken: cancellationToken));
        if (modelId is null)
        {
            return RegistryProblems.VersionNotFound(name, version);
        }
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO load_tests (id, tenant_id, model_id, version, source, requests, error_rate, p99_milliseconds, rollout_id, recorded_by_key)
            VALUES (@id, @tenant, @modelId, @version, @Source, @Requests, @ErrorRate, @P99Milliseconds, @RolloutId, @keyId)
            """, new { id, tenant = tenant.Value, modelId, version, request.Source, request.Requests, request.ErrorRate, request.P99Milliseconds,
                request.RolloutId, keyId = caller.KeyId }, transaction, cancellationToken: cancellationToken));
        var recorded = await connection.QuerySingleAsync<LoadTestResponse>(new CommandDefinition(
            $"{LoadTestResponse.SelectFrom} WHERE t.id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, tenant.Value, caller, "load_test.recorded", $"model:{name}/version:{version}", null, recorded, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/models/{name}/versions/{version}/load-tests/{id}", recorded);
    }

    public static async Task<Results<Ok<Page<LoadTestResponse>>, ProblemHttpResult>> ListLoadTests(string name, int version, TenantId tenant, PageRequest page,
        NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (await db.FindVersionAsync(tenant.Value, name, version, cancellationToken) is null)
        {
            return RegistryProblems.VersionNotFound(name, version);
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<LoadTestResponse>(new CommandDefinition(
            $"""
            {LoadTestResponse.SelectFrom}
            WHERE t.tenant_id = @tenant AND m.name = @name AND t.version = @version AND (@after::uuid IS NULL OR t.id > @after::uuid)
            ORDER BY t.id LIMIT @limit
            """, new { tenant = tenant.Value, name, version, after = page.After, limit = page.Limit + 1 }, cancellationToken: cancellationToken))).AsList();
        return TypedResults.Ok(page.ToPage(rows, r => r.Id));
    }
}
