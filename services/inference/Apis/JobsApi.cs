using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MlOps.Inference.Jobs;
using MlOps.Inference.Model;
using MlOps.Inference.Serving;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Inference.Apis;

public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapTenantReadApi<BatchJobResponse, Guid>("/jobs", "BatchJob", BatchJobResponse.SelectFrom, "id", j => j.Id);
        jobs.MapPost("/", Submit).WithName("SubmitBatchJob").WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute())
            .WithSummary("Scores a CSV (text/csv) or JSON Lines (application/x-ndjson) body with ?model=<name>'s champion; ?onRowError=fail (default: a bad row "
                + "fails the job, naming it) or skip (bad rows are skipped and listed in the job); Idempotency-Key makes a retry return the same job.");
        jobs.MapGet("/{id:guid}/results", Results).WithName("GetBatchJobResults").WithSummary("The results CSV of a finished job (409 while it runs).");
        return app;
    }

    public static async Task<Results<Accepted<BatchJobResponse>, Ok<BatchJobResponse>, ProblemHttpResult>> Submit(string? model, string? onRowError,
        HttpRequest request, TenantId tenant, ModelCatalog catalog, JobStore store, JobSignal signal, IOptions<JobOptions> options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return Problem(StatusCodes.Status400BadRequest, "Model missing", "Name the model to score with: POST /jobs?model=<name>.");
        }
        if (RowErrorModes.Parse(onRowError) is not { } rowErrors)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid onRowError",
                $"onRowError must be 'fail' (the default: the first bad row fails the job) or 'skip' (bad rows are skipped and listed in the job); got '{onRowError}'.");
        }
        var format = FormatOf(request.ContentType);
        if (format is null)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported input", "Send the rows as text/csv (with a header row) or application/x-ndjson (one JSON object per line).");
        }
        var clientKey = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null;
        if (clientKey is { Length: > 200 })
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", "Idempotency-Key is at most 200 characters.");
        }
        if (clientKey is not null && await store.FindByKeyAsync(tenant.Value, clientKey, cancellationToken) is { } existing)
        {
            return TypedResults.Ok(existing);
        }
        if (catalog.Find(new ModelKey(tenant.Value, model))?.Get(Deployment.Champion) is not { } champion)
        {
            return Problem(StatusCodes.Status404NotFound, "Model not served", $"Model '{model}' has no champion served for this tenant.");
        }
        var id = Guid.CreateVersion7();
        var input = store.InputPath(id);
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        try
        {
            var size = await CopyLimitedAsync(request.Body, input, options.Value.MaxInputBytes, cancellationToken);
            if (size is null)
            {
                Directory.Delete(Path.GetDirectoryName(input)!, recursive: true);
                return Problem(StatusCodes.Status413PayloadTooLarge, "Input too large", $"Job inputs are limited to {options.Value.MaxInputBytes} bytes (MlOps:Inference:Jobs:MaxInputBytes).");
            }
            if (format == "csv")
            {
                CsvChunkReader.ValidateHeader(input, champion.Signature);
            }
            var (job, created) = await store.SubmitAsync(id, tenant.Value, clientKey, model, format, rowErrors, size.Value, cancellationToken);
            if (!created)
            {
                Directory.Delete(Path.GetDirectoryName(input)!, recursive: true);
                return TypedResults.Ok(job);
            }
            signal.Notify();
            return TypedResults.Accepted($"/jobs/{job.Id}", job);
        }
        catch (JobInputException e)
        {
            Directory.Delete(Path.GetDirectoryName(input)!, recursive: true);
            return Problem(StatusCodes.Status400BadRequest, "Invalid job input", e.Message);
        }
    }

    public static async Task<IResult> Results(Guid id, TenantId tenant, JobStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(tenant.Value, id, cancellationToken) is not { } job)
        {
            return TenantReadApi.NotFound("BatchJob", id);
        }
        return job.Status switch
        {
            "succeeded" => TypedResults.PhysicalFile(store.ResultsPath(id), "text/csv", $"job-{id}.csv", enableRangeProcessing: true),
            "failed" => Problem(StatusCodes.Status409Conflict, "Job failed", $"Job {id} failed: {job.Error}"),
            _ => Problem(StatusCodes.Status409Conflict, "Job not finished", $"Job {id} is {job.Status}: {job.RowsDone} rows scored so far."),
        };
    }

    private static string? FormatOf(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "text/csv" => "csv",
        "application/x-ndjson" or "application/jsonl" or "application/jsonlines" => "jsonl",
        _ => null,
    };

    private static async Task<long?> CopyLimitedAsync(Stream body, string path, long limit, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return null;
            }
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return total;
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
