using MlOps.Inference.Model;
using MlOps.ServiceDefaults.Api;

namespace MlOps.Inference.Apis;

public static class DeploymentsApi
{
    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder app)
    {
        app.MapTenantReadApi<DeploymentResponse, Guid>("/deployments", "Deployment", DeploymentResponse.SelectFrom, "id", x => x.Id);
        return app;
    }
}
