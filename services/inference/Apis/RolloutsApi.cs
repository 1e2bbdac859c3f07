using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MlOps.Inference.Canary;
using MlOps.Inference.Model;
using MlOps.Inference.Serving;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Inference.Apis;

/// <summary>Canary analyses as Flagger and Argo Rollouts run them: start one for the current challenger, watch it, abort it.</summary>
public static class RolloutsApi
{
    public static IEndpointRouteBuilder MapRolloutsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/deployments/{model}/rollout").WithTags("Rollouts");
        api.MapPut("/", Start).ProducesValidationProblem().WithName("StartRollout")
            .WithSummary("Starts the canary analysis of the served challenger: steps of traffic share, each held and judged; promotes through the registry's gate or rolls back (409 when one runs; 422 without a challenger).");
        api.MapGet("/", Get).WithName("GetRollout").WithSummary("The model's latest rollout: state, current step and share, live figures, every decision with its reason.");
        api.MapDelete("/", Abort).WithName("AbortRollout").WithSummary("Aborts the running rollout: the challenger's share goes to 0 and shadow off (404 when none runs).");
        return app;
    }

    public static async Task<Results<Created<RolloutResponse>, ProblemHttpResult>> Start(string model, StartRolloutRequest? request,
        TenantId tenant, CallerIdentity caller, ModelCatalog catalog, RolloutStore store, CanaryWake wake, IOptions<CanaryOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        request ??= new StartRolloutRequest();
        var settings = options.Value;
        var key = new ModelKey(tenant.Value, model);
        if (catalog.Find(key) is not { } deployment)
        {
            return NotServed(model);
        }
        if (deployment.Get(Deployment.Challenger) is not { } challenger || deployment.Get(Deployment.Champion) is not { } champion)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Nothing to analyse",
                detail: $"Model '{model}' serves {(deployment.Get(Deployment.Champion) is null ? "no champion" : "no challenger")}: a canary compares a loaded challenger with a loaded champion.");
        }
        if (challenger.Version == champion.Version)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Nothing to analyse",
                detail: $"Model '{model}''s challenger is its champion (version {champion.Version}).");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var neitherHold = request.HoldRequests is null && request.HoldSeconds is null;
        var edges = ScoreBins.FromSample(await store.ChampionScoresAsync(key, champion.Version, settings.EdgeSampleSize, cancellationToken));
        var rollout = new Rollout(Guid.CreateVersion7(), key.Tenant, key.Model, challenger.Version, champion.Version, Rollout.Running,
            request.Steps ?? [.. settings.DefaultSteps], neitherHold ? settings.DefaultHoldRequests : request.HoldRequests,
            neitherHold ? settings.DefaultHoldSeconds : request.HoldSeconds, request.MaxErrorRate ?? settings.DefaultMaxErrorRate,
            request.MaxP99Ratio ?? settings.DefaultMaxP99Ratio, request.MaxP99Milliseconds, request.MinAgreement ?? settings.DefaultMinAgreement,
            request.AgreementTolerance ?? settings.DefaultAgreementTolerance, request.MaxPredictionPsi ?? settings.DefaultMaxPredictionPsi, edges,
            0, now, caller.Subject, null, now, null);
        if (!await store.StartAsync(rollout, cancellationToken))
        {
            var running = await store.LatestAsync(key, cancellationToken);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Rollout already running",
                detail: $"Model '{model}' already has rollout {running?.Id} running (version {running?.ChallengerVersion}); abort it with DELETE first.");
        }
        wake.Notify();
        return TypedResults.Created($"/deployments/{model}/rollout", RolloutResponse.From(rollout, null, []));
    }

    public static async Task<Results<Ok<RolloutResponse>, ProblemHttpResult>> Get(string model, TenantId tenant, RolloutStore store, CancellationToken cancellationToken)
    {
        if (await store.LatestAsync(new ModelKey(tenant.Value, model), cancellationToken) is not { } rollout)
        {
            return NoRollout(model);
        }
        var current = rollout.Status == Rollout.Running ? await store.CurrentFiguresAsync(rollout, cancellationToken) : null;
        return TypedResults.Ok(RolloutResponse.From(rollout, current, await store.DecisionsAsync(rollout.Id, cancellationToken)));
    }

    public static async Task<Results<Ok<RolloutResponse>, ProblemHttpResult>> Abort(string model, TenantId tenant, CallerIdentity caller, RolloutStore store,
        CanaryWake wake, CancellationToken cancellationToken)
    {
        var key = new ModelKey(tenant.Value, model);
        if (await store.AbortAsync(key, caller.Subject, cancellationToken) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No rollout running", detail: $"Model '{model}' has no rollout running.");
        }
        wake.Notify();
        var rollout = (await store.LatestAsync(key, cancellationToken))!;
        return TypedResults.Ok(RolloutResponse.From(rollout, null, await store.DecisionsAsync(rollout.Id, cancellationToken)));
    }

    private static ProblemHttpResult NotServed(string model) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Model not served", detail: $"Model '{model}' has no champion or challenger for this tenant.");

    private static ProblemHttpResult NoRollout(string model) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No rollout", detail: $"Model '{model}' has never had a rollout for this tenant.");
}
