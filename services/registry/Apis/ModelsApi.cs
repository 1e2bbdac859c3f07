using MlOps.Registry.Model;
using MlOps.ServiceDefaults.Api;

namespace MlOps.Registry.Apis;

public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapTenantReadApi<RegisteredModelResponse, string>("/models", "Model", RegisteredModelResponse.SelectFrom, "name", x => x.Id);
        return app;
    }
}
