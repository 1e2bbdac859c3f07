using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Warehouse;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.FeatureStore.Apis;

/// <summary>Entities, feature views and feature services: versioned definitions; every change is a new version, every version kept.</summary>
public static class DefinitionsApi
{
    public static IEndpointRouteBuilder MapDefinitionsApi(this IEndpointRouteBuilder app)
    {
        app.MapDefinitions("/entities", DefinitionKind.Entity, "Entity").MapPut("/{name}", PutEntity).ProducesValidationProblem()
            .WithName("PutEntity").WithSummary("Creates or replaces an entity (validated); stores a new version.");
        app.MapDefinitions("/feature-views", DefinitionKind.FeatureView, "FeatureView")
            .MapPut("/{name}", PutFeatureView).ProducesValidationProblem()
            .WithName("PutFeatureView").WithSummary("Creates or replaces a feature view, checked against the warehouse catalog; stores a new version.");
        app.MapDefinitions("/feature-services", DefinitionKind.FeatureService, "FeatureService")
            .MapPut("/{name}", PutFeatureService).ProducesValidationProblem()
            .WithName("PutFeatureService").WithSummary("Creates or replaces a feature service (its views and features must exist); stores a new version.");
        return app;
    }

    // Bodies are validated before these run (the definitions' Validate, the route name's pattern); what is left needs the store or the warehouse.
    public static Task<Results<Ok<DefinitionVersion>, ProblemHttpResult>> PutEntity(
        [RegularExpression(DefinitionNames.Pattern, ErrorMessage = DefinitionNames.Rule)] string name, EntityDefinition definition, TenantId tenant,
        CallerIdentity caller, DefinitionStore store, CancellationToken cancellationToken) =>
        PutAsync(DefinitionKind.Entity, "Entity", name, definition.Name, definition with { Name = name }, tenant, caller, store,
            _ => Task.FromResult<string?>(null), cancellationToken);

    public static Task<Results<Ok<DefinitionVersion>, ProblemHttpResult>> PutFeatureView(
        [RegularExpression(DefinitionNames.Pattern, ErrorMessage = DefinitionNames.Rule)] string name, FeatureViewDefinition definition, TenantId tenant,
        CallerIdentity caller, DefinitionStore store, DefinitionValidator validator, CancellationToken cancellationToken) =>
        PutAsync(DefinitionKind.FeatureView, "FeatureView", name, definition.Name, definition with { Name = name }, tenant, caller, store,
            ct => validator.ViewAsync(tenant.Value, definition, ct), cancellationToken);

    public static Task<Results<Ok<DefinitionVersion>, ProblemHttpResult>> PutFeatureService(
        [RegularExpression(DefinitionNames.Pattern, ErrorMessage = DefinitionNames.Rule)] string name, FeatureServiceDefinition definition,
        TenantId tenant, CallerIdentity caller, DefinitionStore store, DefinitionValidator validator, CancellationToken cancellationToken) =>
        PutAsync(DefinitionKind.FeatureService, "FeatureService", name, definition.Name, definition with { Name = name }, tenant, caller, store,
            ct => validator.ServiceAsync(tenant.Value, definition, ct), cancellationToken);

    private static RouteGroupBuilder MapDefinitions(this IEndpointRouteBuilder app, string prefix, string kind, string resource)
    {
        var group = app.MapGroup(prefix).WithTags(resource + "s");
        group.MapGet("/", async (TenantId tenant, DefinitionStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(tenant.Value, kind, ct)))
            .WithName($"List{resource}s").WithSummary($"The tenant's {resource}s, each at its latest version.");
        group.MapGet("/{name}", async Task<Results<Ok<DefinitionVersion>, ProblemHttpResult>> (string name, TenantId tenant, DefinitionStore store,
                CancellationToken ct) => await store.GetAsync(tenant.Value, kind, name, ct) is { } found ? TypedResults.Ok(found) : NotFound(resource, name))
            .WithName($"Get{resource}").WithSummary($"A {resource}'s latest version.");
        group.MapGet("/{name}/versions", async Task<Results<Ok<IReadOnlyList<DefinitionVersion>>, ProblemHttpResult>> (string name, TenantId tenant,
                DefinitionStore store, CancellationToken ct) =>
                await store.VersionsAsync(tenant.Value, kind, name, ct) is { Count: > 0 } versions ? TypedResults.Ok(versions) : NotFound(resource, name))
            .WithName($"List{resource}Versions").WithSummary($"Every version of a {resource}, newest first; a deletion is a version without a definition.");
        group.MapDelete("/{name}", async Task<Results<NoContent, ProblemHttpResult>> (string name, TenantId tenant, CallerIdentity caller,
                DefinitionStore store, CancellationToken ct) =>
                await store.DeleteAsync(tenant.Value, kind, name, caller.Subject, ct) ? TypedResults.NoContent() : NotFound(resource, name))
            .WithName($"Delete{resource}").WithSummary($"Deletes a {resource}; its versions stay listed.");
        return group;
    }

    private static async Task<Results<Ok<DefinitionVersion>, ProblemHttpResult>> PutAsync<T>(string kind, string resource, string name, string? bodyName,
        T definition, TenantId tenant, CallerIdentity caller, DefinitionStore store, Func<CancellationToken, Task<string?>> validate,
        CancellationToken cancellationToken)
    {
        string? error;
        try
        {
            error = DefinitionValidator.NameMismatch(name, bodyName) ?? await validate(cancellationToken);
        }
        catch (WarehouseInputException e) when (e.Unavailable)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Warehouse unavailable", detail: e.Message);
        }
        if (error is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Invalid {resource}", detail: error);
        }
        return await store.PutAsync(tenant.Value, kind, name, definition, caller.Subject, cancellationToken) is { } stored
            ? TypedResults.Ok(stored)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Too many {resource}s",
                detail: $"A tenant has at most {store.MaxPerKind} {resource}s; delete one first.");
    }

    private static ProblemHttpResult NotFound(string resource, string name) => TenantReadApi.NotFound(resource, name);
}
