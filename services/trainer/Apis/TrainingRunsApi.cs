using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using MlOps.Trainer.Model;
using MlOps.Trainer.Services;
using MlOps.Trainer.Training;
using Npgsql;

namespace MlOps.Trainer.Apis;

public static class TrainingRunsApi
{
    public static IEndpointRouteBuilder MapTrainingRunsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapTenantReadApi<TrainingRunResponse, Guid>("/runs", "TrainingRun", TrainingRunResponse.SelectFrom, "id", x => x.Id);
        runs.MapPost("/", StartRun).ProducesValidationProblem().WithName("StartTrainingRun")
            .WithSummary("Trains the model now on the warehouse table or feature store training set named (else its last training data) and registers the version as " +
                "challenger, as the caller (registry:write); with promote: true it asks for champion through the gate instead (registry:promote); " +
                "answers with the finished run (failed runs say why).");
        return app;
    }

    public static async Task<Results<Created<TrainingRunResponse>, ProblemHttpResult>> StartRun(StartTrainingRequest request, CallerIdentity caller,
        TrainingDataSource data, TrainingRunner runner, CancellationToken cancellationToken)
    {
        // The run registers a version as the caller: one who may not write to the registry may not train into it.
        if (!caller.Has("registry:write"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Missing scope",
                detail: "A training run registers its model version in the registry as the caller: the key needs 'registry:write' as well as 'trainer:write'.");
        }
        TrainingSet? prepared;
        try
        {
            // The body's shape is validated before this runs (TrainingDataRequest.Validate); what it names is read here,
            // before the run is recorded: a bad reference is the caller's mistake, answered 400, not a failed run.
            prepared = await data.PrepareAsync(caller.Tenant, request.ModelName, request.Data?.ToRef(caller.Tenant), caller, cancellationToken);
        }
        catch (TrainingDataUnavailableException e)
        {
            return TypedResults.Problem(statusCode: e.Status, title: e.Status == StatusCodes.Status403Forbidden ? "Missing scope" : $"Invalid {e.Field}", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [e.Field] = [e.Message] } });
        }
        catch (Exception e) when (e is RegistryCallException or HttpRequestException or NpgsqlException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Training data unavailable", detail: e.Message);
        }
        var reason = request.Reason ?? "requested through the API";
        var run = await runner.RunPreparedAsync(caller.Tenant, request.ModelName, prepared, reason, caller, request.Promote, cancellationToken);
        return TypedResults.Created($"/runs/{run.Id}", run);
    }
}
