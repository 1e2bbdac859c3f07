using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Model;
using MlOps.Ingest.Runs;
using MlOps.Ingest.Sources.Files;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Ingest.Apis;

public static class UploadsApi
{
    private static readonly string[] Extensions = [".csv", ".jsonl", ".ndjson", ".parquet", ".csv.gz", ".jsonl.gz", ".ndjson.gz"];

    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/uploads", Upload).WithTags("Uploads").WithName("UploadFile").WithMetadata(new DisableRequestSizeLimitAttribute())
            .WithSummary("Stores a file (the raw body, streamed; ?name=<file> with .csv, .jsonl, .parquet, optionally .gz) for a files source to load.");
        return app;
    }

    public static async Task<Results<Created<UploadResponse>, ProblemHttpResult>> Upload(string? name, HttpRequest request, TenantId tenant,
        IUploadStore uploads, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || !Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid upload name",
                detail: $"name: give the file's name with one of {string.Join(", ", Extensions)} (it sets the format), e.g. ?name=loans.csv.");
        }
        // A tenant's uploads share the disk with every other tenant's: each tenant has its own share.
        var room = options.Value.MaxUploadBytesPerTenant - uploads.UsedBytes(tenant.Value);
        var limit = Math.Min(options.Value.MaxUploadBytes, room);
        if (limit <= 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload quota used",
                detail: $"This tenant's uploads take {options.Value.MaxUploadBytesPerTenant} bytes already (MlOps:Ingest:MaxUploadBytesPerTenant).");
        }
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }
        var body = new UploadLimitStream(request.Body, limit);
        try
        {
            var id = await uploads.SaveAsync(tenant.Value, name, body, cancellationToken);
            return TypedResults.Created($"/uploads/{id}", new UploadResponse(id, body.BytesRead));
        }
        catch (UploadTooLargeException)
        {
            return TooLarge(limit);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Upload incomplete",
                detail: "The body ended before it was complete; nothing was kept.");
        }
    }

    private static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Upload too large",
        detail: $"This upload may be at most {limit} bytes (MlOps:Ingest:MaxUploadBytes, or what is left of MaxUploadBytesPerTenant).");
}
