using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Ingest.Model;
using MlOps.Ingest.Pipelines;
using MlOps.Ingest.Runs;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Ingest.Apis;

public static class PipelinesApi
{
    public static IEndpointRouteBuilder MapPipelinesApi(this IEndpointRouteBuilder app)
    {
        var pipelines = app.MapTenantReadApi<PipelineResponse, string>("/pipelines", "Pipeline", PipelineResponse.SelectFrom, "name", x => x.Id);
        pipelines.MapPost("/", CreatePipeline).ProducesValidationProblem().WithName("CreatePipeline")
            .WithSummary("Creates a pipeline: a source (rest_api with dlt's config, postgres or files), a destination and an optional cron schedule.");
        pipelines.MapPut("/{name}", UpdatePipeline).ProducesValidationProblem().WithName("UpdatePipeline")
            .WithSummary("Replaces a pipeline's definition; secrets sent back as \"***\" keep their stored values.");
        pipelines.MapDelete("/{name}", DeletePipeline).WithName("DeletePipeline").WithSummary("Deletes a pipeline that is not running.");
        pipelines.MapPost("/{name}/pause", (string name, TenantId tenant, PipelineStore store, CancellationToken ct) => SetPaused(name, true, tenant, store, ct))
            .WithName("PausePipeline").WithSummary("Stops the pipeline's schedule from queuing runs.");
        pipelines.MapPost("/{name}/resume", (string name, TenantId tenant, PipelineStore store, CancellationToken ct) => SetPaused(name, false, tenant, store, ct))
            .WithName("ResumePipeline").WithSummary("Lets the pipeline's schedule queue runs again.");
        return app;
    }

    // The body is validated before this runs (PipelineRequest's attributes, then PipelineValidator through its Validate).
    public static async Task<Results<Created<PipelineResponse>, ProblemHttpResult>> CreatePipeline(PipelineRequest request, TenantId tenant,
        PipelineValidator validator, PipelineStore store, CancellationToken cancellationToken) =>
        await store.CreateAsync(tenant.Value, validator.Definition(request), cancellationToken) is { } created
            ? TypedResults.Created($"/pipelines/{created.Name}", created)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Pipeline exists",
                detail: $"A pipeline named '{request.Name}' exists; PUT /pipelines/{request.Name} replaces it.");

    // The body as sent is validated before this runs; what needs the stored pipeline (its name, its secrets) is checked here.
    public static async Task<Results<Ok<PipelineResponse>, ValidationProblem, ProblemHttpResult>> UpdatePipeline(string name, PipelineRequest request,
        TenantId tenant, PipelineValidator validator, PipelineStore store, CancellationToken cancellationToken)
    {
        if (request.Name != name)
        {
            return Invalid("name", $"the body names '{request.Name}' but the route names '{name}'; a pipeline cannot be renamed.");
        }
        if (await store.SourceConfigAsync(tenant.Value, name, cancellationToken) is not { } stored)
        {
            return TenantReadApi.NotFound("Pipeline", name);
        }
        if (request.Source.Config is { } sent && SecretMasking.MovedDestination(sent, stored) is { } moved)
        {
            return Invalid($"source.config.{moved}",
                $"it changes where the stored secrets go; send the secrets again instead of \"{SecretMasking.Mask}\".");
        }
        var unmasked = request with { Source = request.Source with { Config = SecretMasking.Unmasked(request.Source.Config!.Value, stored) } };
        // The stored secrets put back where the mask was sent: the same rule book, once more, on what will be stored.
        if (validator.Problems(unmasked).FirstOrDefault() is { } problem)
        {
            return Invalid(problem.MemberNames.First(), problem.ErrorMessage!);
        }
        return await store.UpdateAsync(tenant.Value, validator.Definition(unmasked), cancellationToken) is { } updated
            ? TypedResults.Ok(updated)
            : TenantReadApi.NotFound("Pipeline", name);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePipeline(string name, TenantId tenant, PipelineStore store, RunStore runs,
        CancellationToken cancellationToken)
    {
        if (await runs.ActiveAsync(tenant.Value, name, cancellationToken) is { } active)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Pipeline is running",
                detail: $"Run {active.Id} is {active.Status}; cancel it before deleting the pipeline.");
        }
        return await store.DeleteAsync(tenant.Value, name, cancellationToken) ? TypedResults.NoContent() : TenantReadApi.NotFound("Pipeline", name);
    }

    private static async Task<Results<Ok<PipelineResponse>, ProblemHttpResult>> SetPaused(string name, bool paused, TenantId tenant, PipelineStore store,
        CancellationToken cancellationToken) =>
        await store.SetPausedAsync(tenant.Value, name, paused, cancellationToken) && await store.FindAsync(tenant.Value, name, cancellationToken) is { } pipeline
            ? TypedResults.Ok(pipeline)
            : TenantReadApi.NotFound("Pipeline", name);

    // The answer AddValidation gives an invalid body, for what only the stored pipeline can show.
    private static ValidationProblem Invalid(string field, string message)
    {
        var errors = new Dictionary<string, string[]> { [field] = [message] };
        return TypedResults.ValidationProblem(errors, detail: ValidationProblems.Summary(errors));
    }
}
