using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using MlOps.Trainer.Model;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Apis;

public static class TrainingRunsApi
{
    public static IEndpointRouteBuilder MapTrainingRunsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapTenantReadApi<TrainingRunResponse, Guid>("/runs", "TrainingRun", TrainingRunResponse.SelectFrom, "id", x => x.Id);
        runs.MapPost("/", StartRun).WithName("StartTrainingRun")
            .WithSummary("Trains the model now, registers the version and asks for champion; answers with the finished run (failed runs say why).");
        return app;
    }

    public static async Task<Results<Created<TrainingRunResponse>, ProblemHttpResult>> StartRun(StartTrainingRequest request, CallerIdentity caller,
        TrainingRunner runner, CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync(caller.Tenant, request.ModelName, null, request.Reason ?? "requested through the API", null, cancellationToken, caller);
        return TypedResults.Created($"/runs/{run.Id}", run);
    }
}
