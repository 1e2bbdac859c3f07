using System.Text.Json;
using MlOps.Inference.Features;
using MlOps.Inference.Serving;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Inference.Apis;

/// <summary>
/// The convenience API: {"instances": [{feature: value}]} in, {"predictions": [{output: value}]} out, mapped through the model's
/// schema. For a model trained with a feature service, an instance may name its entity instead ({"customer_id": 7}).
/// </summary>
public static class PredictApi
{
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/models/{model}:predict", Predict).WithRequestMetrics().WithTags("Predict").WithName("Predict")
            .WithSummary("Scores instances given as feature objects; answers {\"predictions\": [...]} with one object per instance (400 {\"error\"} names a bad feature).");
        return app;
    }

    public static async Task<IResult> Predict(string model, HttpRequest request, TenantId tenant, CallerIdentity caller, Predictor predictor,
        OnlineFeatureClient features, CancellationToken cancellationToken)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var key = new ModelKey(tenant.Value, model);
            using var body = await RequestBody.ParseAsync(request, sequence => Parse(sequence), cancellationToken);
            // The version that answers is chosen first: a canary challenger is filled from its own feature service.
            using var lease = predictor.Lease(key, null);
            var signature = lease.Contract;
            using var filled = await features.FillAsync(body.RootElement, lease, caller, cancellationToken);
            var inputs = InstanceTensors.Build((filled ?? body).RootElement, signature);
            var prediction = await predictor.PredictAsync(lease, inputs, Guid.CreateVersion7(), started);
            RequestMetering.Served(request.HttpContext, prediction.Role);
            return TypedResults.Ok(new PredictResponse(prediction.Model, prediction.Version, prediction.RequestId, InstanceTensors.Predictions(prediction)));
        }
        catch (InferenceInputException e)
        {
            return OipResponses.Error(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (ModelUnavailableException e)
        {
            if (e.RetryAfterSeconds is { } seconds)
            {
                request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return OipResponses.Error(e.StatusCode, e.Message);
        }
    }

    private static JsonDocument Parse(System.Buffers.ReadOnlySequence<byte> body)
    {
        try
        {
            // A property given twice is refused: which value counts would otherwise depend on the reader.
            return JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new InferenceInputException($"The body is not valid JSON: {e.Message}");
        }
    }
}
