using MlOps.Trainer.Model;
using MlOps.ServiceDefaults.Api;

namespace MlOps.Trainer.Apis;

public static class TrainingRunsApi
{
    public static IEndpointRouteBuilder MapTrainingRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapTenantReadApi<TrainingRunResponse, Guid>("/runs", "TrainingRun", TrainingRunResponse.SelectFrom, "id", x => x.Id);
        return app;
    }
}
