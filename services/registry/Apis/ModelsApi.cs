using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Registry.Model;
using MlOps.Registry.Services;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Data;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Registry.Apis;

public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/models").WithTags("Models");
        api.MapGet("/", ListModels).WithName("ListModels").WithSummary("Lists the tenant's models; filter by ?prefix=, ?tag=key or key=value, ?alias=.");
        api.MapGet("/{name}", GetModel).WithName("GetModel").WithSummary("Gets a model with its tags, aliases and latest version.");
        api.MapPost("/", CreateModel).ProducesValidationProblem().WithName("CreateModel").WithSummary("Registers a model name (registry:write).");
        api.MapPatch("/{name}", UpdateModel).ProducesValidationProblem().WithName("UpdateModel").WithSummary("Changes a model's description or tags (registry:write).");
        return app;
    }

    public static async Task<Ok<Page<RegisteredModelResponse>>> ListModels(TenantId tenant, PageRequest page, ModelSearch search, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var (filter, parameters) = search.ToFilter();
        var rows = await db.QueryPageAsync<RegisteredModelRow>(RegisteredModelRow.SelectFrom, tenant, page, m => m.Id, cancellationToken, filter, parameters);
        return TypedResults.Ok(new Page<RegisteredModelResponse>(rows.Items.Select(r => r.ToResponse()).ToList(), rows.NextCursor));
    }

    public static async Task<Results<Ok<RegisteredModelResponse>, ProblemHttpResult>> GetModel(string name, TenantId tenant, NpgsqlDataSource db, CancellationToken cancellationToken) =>
        await db.FindModelAsync(tenant, name, cancellationToken) is { } model ? TypedResults.Ok(model) : RegistryProblems.ModelNotFound(name);

    public static async Task<Results<Created<RegisteredModelResponse>, ProblemHttpResult>> CreateModel(
        CreateModelRequest request, TenantId tenant, RegistryCaller caller, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!caller.Has(RegistryCaller.WriteScope))
        {
            return RegistryProblems.MissingScope(RegistryCaller.WriteScope);
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var tags = System.Text.Json.JsonSerializer.Serialize(request.Tags ?? []);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO registered_models (id, tenant_id, name, description, tags) VALUES (@id, @tenant, @name, @description, @tags::jsonb)
            ON CONFLICT (tenant_id, name) DO NOTHING
            """,
            new { id = Guid.CreateVersion7(), tenant = tenant.Value, name = request.Name, description = request.Description ?? "", tags }, transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return RegistryProblems.Problem(StatusCodes.Status409Conflict, "Model already exists", $"A model named '{request.Name}' already exists for this tenant.");
        }
        await AuditLog.WriteAsync(transaction, tenant.Value, caller, "model.created", $"model:{request.Name}", null, request, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var model = (await db.FindModelAsync(tenant, request.Name, cancellationToken))!;
        return TypedResults.Created($"/models/{model.Name}", model);
    }

    public static async Task<Results<Ok<RegisteredModelResponse>, ProblemHttpResult>> UpdateModel(
        string name, UpdateModelRequest request, TenantId tenant, RegistryCaller caller, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!caller.Has(RegistryCaller.WriteScope))
        {
            return RegistryProblems.MissingScope(RegistryCaller.WriteScope);
        }
        var before = await db.FindModelAsync(tenant, name, cancellationToken);
        if (before is null)
        {
            return RegistryProblems.ModelNotFound(name);
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE registered_models SET description = COALESCE(@description, description), tags = COALESCE(@tags::jsonb, tags), updated_at = now()
            WHERE tenant_id = @tenant AND name = @name
            """,
            new { tenant = tenant.Value, name, request.Description, tags = request.Tags is null ? null : System.Text.Json.JsonSerializer.Serialize(request.Tags) },
            transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, tenant.Value, caller, "model.updated", $"model:{name}", new { before.Description, before.Tags }, request, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await db.FindModelAsync(tenant, name, cancellationToken))!);
    }
}
