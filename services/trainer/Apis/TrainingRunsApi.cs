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
            .WithSummary("Trains the model now, registers the version and asks for champion, as the caller (registry:write; registry:promote to promote); answers with the finished run (failed runs say why).");
        return app;
    }

    public static async Task<Results<Created<TrainingRunResponse>, ProblemHttpResult>> StartRun(StartTrainingRequest request, CallerIdentity caller,
        TrainingRunner runner, CancellationToken cancellationToken)
    {
        // The run registers a version as the caller: one who may not write to the registry may not train into it.
        if (!caller.Has("registry:write"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Missing scope",
                detail: "A training run registers its model version in the registry as the caller: the key needs 'registry:write' as well as 'trainer:write'.");
        }
        var run = await runner.RunAsync(caller.Tenant, request.ModelName, null, request.Reason ?? "requested through the API", null, cancellationToken, caller);
        return TypedResults.Created($"/runs/{run.Id}", run);
    }
}
