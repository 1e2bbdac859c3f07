using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MlOps.Drift.Compare;
using MlOps.ServiceDefaults.Api;

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
            .Accepts<JsonElement>("application/json")
            .ProducesValidationProblem();
        return app;
    }

    // The body is read and validated before this runs (CompareBody.Validate); the parse it made is reused here.
    public static Results<Ok<CompareResponse>, ValidationProblem, ProblemHttpResult> Compare(CompareBody body, IOptions<DriftOptions> options)
    {
        var limits = EmbeddingLimits.From(options.Value);
        var (parsed, failure) = body.Parse(limits);
        if (parsed is null)
        {
            return Refused(failure!);
        }
        try
        {
            return TypedResults.Ok(DriftComparer.Compare(parsed, limits));
        }
        catch (DriftInputException error)
        {
            return Refused(error);
        }
    }

    private static Results<Ok<CompareResponse>, ValidationProblem, ProblemHttpResult> Refused(DriftInputException error)
    {
        if (error.Status == StatusCodes.Status400BadRequest)
        {
            // A statistic that cannot take the column (found while comparing) is answered like an invalid body.
            var errors = new Dictionary<string, string[]> { [error.Field] = [error.Message] };
            return TypedResults.ValidationProblem(errors, detail: ValidationProblems.Summary(errors));
        }
        var title = error.Status == StatusCodes.Status422UnprocessableEntity ? "Nothing left to compare" : "Embedding set too large";
        return TypedResults.Problem(statusCode: error.Status, title: title, detail: error.Message);
    }
}
