using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Inference.Loading;
using MlOps.Inference.Model;
using MlOps.Inference.Serving;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Inference.Apis;

public static class DeploymentsApi
{
    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/deployments").WithTags("Deployments");
        api.MapGet("/", List).WithName("ListDeployments").WithSummary("The tenant's served models: versions per alias, load state, traffic split, shadow comparison.");
        api.MapGet("/{model}", Get).WithName("GetDeployment").WithSummary("One served model.");
        api.MapPut("/{model}/traffic", SetTraffic).WithName("SetTraffic")
            .WithSummary("Sets the canary share answered by the challenger and shadow mirroring; every replica applies it at once.");
        return app;
    }

    public static Ok<DeploymentResponse[]> List(TenantId tenant, ModelCatalog catalog) =>
        TypedResults.Ok(catalog.All.Where(d => d.Key.Tenant == tenant.Value).OrderBy(d => d.Key.Model, StringComparer.Ordinal).Select(DeploymentResponse.From).ToArray());

    public static Results<Ok<DeploymentResponse>, ProblemHttpResult> Get(string model, TenantId tenant, ModelCatalog catalog) =>
        catalog.Find(new ModelKey(tenant.Value, model)) is { } deployment ? TypedResults.Ok(DeploymentResponse.From(deployment)) : NotServed(model);

    public static async Task<Results<Ok<TrafficSplit>, ProblemHttpResult>> SetTraffic(string model, SetTrafficRequest request, TenantId tenant,
        ModelCatalog catalog, DeploymentStore store, CancellationToken cancellationToken)
    {
        var key = new ModelKey(tenant.Value, model);
        if (catalog.Find(key) is null)
        {
            return NotServed(model);
        }
        var traffic = new TrafficSplit(request.CanaryPercent, request.Shadow);
        await store.SetTrafficAsync(key, traffic, cancellationToken);
        return TypedResults.Ok(traffic);
    }

    private static ProblemHttpResult NotServed(string model) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not served", detail: $"Model '{model}' has no champion or challenger for this tenant.");
}
