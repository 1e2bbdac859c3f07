using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Materialization;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.FeatureStore.Apis;

/// <summary>Materialization into the online store: run now, and each run's progress and outcome.</summary>
public static class MaterializationsApi
{
    public static IEndpointRouteBuilder MapMaterializationsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/materializations").WithTags("Materializations");
        runs.MapPost("/", Materialize).ProducesValidationProblem().WithName("Materialize")
            .WithSummary("Queues a run (joined to one already queued for the same views); 202 with the run to poll.");
        runs.MapGet("/", async (TenantId tenant, MaterializationRuns store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(tenant.Value, 100, ct)))
            .WithName("ListMaterializations").WithSummary("The tenant's latest 100 runs, newest first.");
        runs.MapGet("/{id:guid}", async Task<Results<Ok<MaterializationRun>, ProblemHttpResult>> (Guid id, TenantId tenant, MaterializationRuns store,
                CancellationToken ct) => await store.GetAsync(tenant.Value, id, ct) is { } run ? TypedResults.Ok(run) : TenantReadApi.NotFound("Materialization", id))
            .WithName("GetMaterialization").WithSummary("A run: status, views done, rows read and written, per-view watermarks, error.");
        return app;
    }

    public static async Task<Results<Accepted<MaterializationRun>, ProblemHttpResult>> Materialize(MaterializeRequest? request, TenantId tenant,
        DefinitionStore definitions, MaterializationRuns runs, CancellationToken cancellationToken)
    {
        var views = request?.Views is { Count: > 0 } named ? named.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() : null;
        for (var i = 0; i < (views?.Length ?? 0); i++)
        {
            if (await definitions.GetAsync(tenant.Value, DefinitionKind.FeatureView, views![i], cancellationToken) is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid materialization",
                    detail: $"views: the tenant has no feature view '{views[i]}'.");
            }
        }
        var run = await runs.EnqueueAsync(tenant.Value, "api", views, cancellationToken);
        return TypedResults.Accepted($"/materializations/{run.Id}", run);
    }
}
