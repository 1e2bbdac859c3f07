using MlOps.Ingest.Model;
using MlOps.ServiceDefaults.Api;

namespace MlOps.Ingest.Apis;

public static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        app.MapTenantReadApi<DatasetResponse, string>("/datasets", "Dataset", DatasetResponse.SelectFrom, "name", x => x.Id);
        return app;
    }
}
