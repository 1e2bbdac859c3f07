using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Online;
using MlOps.FeatureStore.Warehouse;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;
using StackExchange.Redis;

namespace MlOps.FeatureStore.Apis;

/// <summary>Online lookup: a feature service's features for one or many entities, with their freshness.</summary>
public static class OnlineFeaturesApi
{
    public static IEndpointRouteBuilder MapOnlineFeaturesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/online-features", GetOnlineFeatures).ProducesValidationProblem().WithTags("OnlineFeatures").WithName("GetOnlineFeatures")
            .WithSummary("The latest materialized features of each entity; a missing entity is answered as missing, never as zeros.");
        return app;
    }

    public static async Task<Results<OnlineAnswer, ProblemHttpResult>> GetOnlineFeatures(OnlineFeaturesRequest request, TenantId tenant,
        ResolvedServiceCache resolver, IOnlineStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        // The body was validated before this runs (OnlineFeaturesRequest.Validate): a service name and 1 to MaxLookupEntities objects.
        var entities = request.Entities!;
        try
        {
            if (await resolver.ServiceAsync(tenant.Value, request.FeatureService!, cancellationToken) is not { } service)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Feature service not found",
                    detail: $"featureService: the tenant has no feature service '{request.FeatureService}'.");
            }
            var found = await store.ReadAsync(tenant.Value, service.Views, OnlineLookup.Keys(service, entities), cancellationToken);
            return new OnlineAnswer(service, entities, found, time.GetUtcNow().UtcDateTime);
        }
        // The store itself is down: the lookup may be retried, it is not wrong.
        catch (Exception e) when (e is RedisException or RedisTimeoutException or NpgsqlException { IsTransient: true })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Online store unavailable",
                detail: "The online store could not be read; retry shortly.");
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
