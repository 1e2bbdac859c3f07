using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.TrainingSets;
using MlOps.FeatureStore.Warehouse;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.FeatureStore.Apis;

/// <summary>Point-in-time training sets: built from an entity table and a feature service, stored, read back by page.</summary>
public static class TrainingSetsApi
{
    private const int MaxPage = 10_000;

    public static IEndpointRouteBuilder MapTrainingSetsApi(this IEndpointRouteBuilder app)
    {
        var sets = app.MapGroup("/training-sets").WithTags("TrainingSets");
        sets.MapPost("/", CreateTrainingSet).ProducesValidationProblem().WithName("CreateTrainingSet")
            .WithSummary("Joins each entity row to the feature values valid at its timestamp (never after, within the TTL) and stores the set.");
        sets.MapGet("/", async (TenantId tenant, TrainingSetStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(tenant.Value, 100, ct)))
            .WithName("ListTrainingSets").WithSummary("The tenant's latest 100 training sets, newest first.");
        sets.MapGet("/{id:guid}", async Task<Results<Ok<TrainingSetResponse>, ProblemHttpResult>> (Guid id, TenantId tenant, TrainingSetStore store,
                CancellationToken ct) => await store.GetAsync(tenant.Value, id, ct) is { } set ? TypedResults.Ok(set) : TenantReadApi.NotFound("Training set", id))
            .WithName("GetTrainingSet").WithSummary("A training set and its lineage.");
        sets.MapGet("/{id:guid}/rows", GetRows).WithName("GetTrainingSetRows").WithSummary("A page of a training set's rows, in entity-row order.");
        return app;
    }

    public static async Task<Results<Created<TrainingSetResponse>, ProblemHttpResult>> CreateTrainingSet(TrainingSetRequest request, TenantId tenant,
        CallerIdentity caller, TrainingSetBuilder builder, CancellationToken cancellationToken)
    {
        try
        {
            var set = await builder.BuildAsync(tenant.Value, caller.Subject, request, cancellationToken);
            return TypedResults.Created($"/training-sets/{set.Id}", set);
        }
        catch (WarehouseInputException e)
        {
            return e.Unavailable
                ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Warehouse unavailable", detail: e.Message)
                : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid training set", detail: $"{e.Field}: {e.Message}");
        }
        catch (DefinitionMissingException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Definition missing", detail: e.Message);
        }
    }

    public static async Task<Results<Ok<TrainingSetRowsPage>, ProblemHttpResult>> GetRows(Guid id, TenantId tenant, TrainingSetStore store,
        CancellationToken cancellationToken, int offset = 0, int limit = 1000)
    {
        if (offset < 0 || limit is < 1 or > MaxPage)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid page",
                detail: $"offset must be at least 0 and limit between 1 and {MaxPage}.");
        }
        return await store.RowsAsync(tenant.Value, id, offset, limit, cancellationToken) is { } page
            ? TypedResults.Ok(page)
            : TenantReadApi.NotFound("Training set", id);
    }
}
