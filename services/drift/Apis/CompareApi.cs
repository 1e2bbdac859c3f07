using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MlOps.Drift.Compare;

namespace MlOps.Drift.Apis;

public static class CompareApi
{
    public static IEndpointRouteBuilder MapCompareApi(this IEndpointRouteBuilder app)
    {
        var limit = app.ServiceProvider.GetRequiredService<IOptions<DriftOptions>>().Value.MaxCompareBodyBytes;
        app.MapPost("/v1/drift/compare", Compare).WithTags("Drift").WithName("CompareDistributions")
            .WithSummary("Compares reference and current columns (and embedding sets) with scipy-exact statistics; bodies over MlOps:Drift:MaxCompareBodyBytes "
                + "and embedding sets over MaxEmbeddingVectorsPerSide or MaxEmbeddingValuesPerSide answer 413.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limit))
            .Accepts<JsonElement>("application/json");
        return app;
    }

    public static async Task<Results<Ok<CompareResponse>, ProblemHttpResult>> Compare(HttpRequest request, IOptions<DriftOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxCompareBodyBytes;
        if (request.ContentLength > limit)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The body is {request.ContentLength} bytes; inline comparisons take at most {limit} bytes. Compare larger data through monitoring windows.");
        }
        JsonDocument document;
        try
        {
            // A chunked body past the limit is cut off by the server (413 through the shared handler).
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException error)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid JSON: {error.Message}");
        }
        using (document)
        {
            try
            {
                var limits = EmbeddingLimits.From(options.Value);
                var parsed = CompareRequestParser.Parse(document.RootElement, limits);
                return TypedResults.Ok(DriftComparer.Compare(parsed, limits));
            }
            catch (DriftInputException error)
            {
                var title = error.Status switch
                {
                    StatusCodes.Status422UnprocessableEntity => "Nothing left to compare",
                    StatusCodes.Status413PayloadTooLarge => "Embedding set too large",
                    _ => "Invalid drift comparison",
                };
                return Problem(error.Status, title, error.Message);
            }
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
