using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Ingest.Model;
using MlOps.Ingest.Pipelines;
using MlOps.Ingest.Runs;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Data;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Ingest.Apis;

public static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/pipelines/{name}/runs").WithTags("PipelineRuns");
        runs.MapPost("/", StartRun).WithName("StartPipelineRun")
            .WithSummary("Queues a run now; answers 202 with the run to poll, or 409 naming the run still queued or running.");
        runs.MapGet("/", ListRuns).WithName("ListPipelineRuns").WithSummary("Lists the pipeline's runs, oldest first; pass the cursor for the next page.");
        runs.MapGet("/{id:guid}", GetRun).WithName("GetPipelineRun")
            .WithSummary("A run's status, progress (rows, bytes, rows/s) and, once committed, rows loaded and quarantined per table under its load id.");
        runs.MapPost("/{id:guid}/cancel", CancelRun).WithName("CancelPipelineRun")
            .WithSummary("Stops a queued or running run; nothing of a cancelled load becomes visible.");
        return app;
    }

    public static async Task<Results<Accepted<PipelineRunResponse>, ProblemHttpResult>> StartRun(string name, TenantId tenant, PipelineStore pipelines,
        RunStore runs, RunSignal signal, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (await pipelines.FindAsync(tenant.Value, name, cancellationToken) is not { } pipeline)
        {
            return TenantReadApi.NotFound("Pipeline", name);
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        if (await runs.EnqueueAsync(connection, tenant.Value, pipeline.Id, name, "api", cancellationToken) is not { } run)
        {
            var active = await runs.ActiveAsync(tenant.Value, name, cancellationToken);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Pipeline is running",
                detail: $"Run {active?.Id} of '{name}' is {active?.Status ?? "active"}; one run at a time per pipeline.");
        }
        signal.Notify();
        return TypedResults.Accepted($"/pipelines/{name}/runs/{run.Id}", run);
    }

    public static async Task<Results<Ok<Page<PipelineRunResponse>>, ProblemHttpResult>> ListRuns(string name, TenantId tenant, PageRequest page,
        PipelineStore pipelines, NpgsqlDataSource db, CancellationToken cancellationToken) =>
        await pipelines.FindAsync(tenant.Value, name, cancellationToken) is null
            ? TenantReadApi.NotFound("Pipeline", name)
            : TypedResults.Ok(await db.QueryPageAsync<PipelineRunResponse>(PipelineRunResponse.SelectFrom, tenant, page, x => x.Id, cancellationToken,
                "AND pipeline_name = @name", new { name }));

    public static async Task<Results<Ok<PipelineRunResponse>, ProblemHttpResult>> GetRun(string name, Guid id, TenantId tenant, RunStore runs,
        CancellationToken cancellationToken) =>
        await runs.FindAsync(tenant.Value, name, id, cancellationToken) is { } run ? TypedResults.Ok(run) : TenantReadApi.NotFound("Run", id);

    public static async Task<Results<Accepted<PipelineRunResponse>, ProblemHttpResult>> CancelRun(string name, Guid id, TenantId tenant, RunStore runs,
        CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(tenant.Value, name, id, cancellationToken) is not { } run)
        {
            return TenantReadApi.NotFound("Run", id);
        }
        if (!await runs.CancelAsync(tenant.Value, name, id, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Run is not active", detail: $"Run {id} already {run.Status}.");
        }
        return TypedResults.Accepted($"/pipelines/{name}/runs/{id}", await runs.FindAsync(tenant.Value, name, id, cancellationToken));
    }
}
