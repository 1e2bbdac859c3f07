using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Online;
using MlOps.FeatureStore.Warehouse;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.FeatureStore.Apis;

/// <summary>Online lookup: a feature service's features for one or many entities, with their freshness.</summary>
public static class OnlineFeaturesApi
{
    public static IEndpointRouteBuilder MapOnlineFeaturesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/online-features", GetOnlineFeatures).WithTags("OnlineFeatures").WithName("GetOnlineFeatures")
            .WithSummary("The latest materialized features of each entity; a missing entity is answered as missing, never as zeros.");
        return app;
    }

    public static async Task<Results<Ok<OnlineFeaturesResponse>, ProblemHttpResult>> GetOnlineFeatures(OnlineFeaturesRequest request, TenantId tenant,
        ResolvedServiceCache resolver, OnlineStore store, IOptions<FeatureStoreOptions> options, CancellationToken cancellationToken)
    {
        if (DefinitionValidator.Name(request.FeatureService, "featureService") is { } badName)
        {
            return Invalid(badName);
        }
        var max = options.Value.MaxLookupEntities;
        if (request.Entities is not { Count: > 0 } entities || entities.Count > max)
        {
            return Invalid($"entities: a lookup names 1 to {max} entities ({FeatureStoreOptions.SectionName}:MaxLookupEntities).");
        }
        try
        {
            if (await resolver.ServiceAsync(tenant.Value, request.FeatureService!, cancellationToken) is not { } service)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Feature service not found",
                    detail: $"featureService: the tenant has no feature service '{request.FeatureService}'.");
            }
            return TypedResults.Ok(await store.LookupAsync(tenant.Value, service, [.. entities.Select(TrainingSets.TrainingSetRequest.Row)], cancellationToken));
        }
        catch (WarehouseInputException e)
        {
            return Invalid($"{e.Field}: {e.Message}");
        }
        catch (DefinitionMissingException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Definition missing", detail: e.Message);
        }
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid lookup", detail: detail);
}
