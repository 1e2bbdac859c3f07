using System.Globalization;
using MlOps.Inference.Features;
using MlOps.Inference.Model;
using MlOps.Inference.Serving;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Inference.Apis;

/// <summary>The Open Inference Protocol v2 (KServe): health, server and model metadata, model readiness and infer.</summary>
public static class OipApi
{
    public static IEndpointRouteBuilder MapOipApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol v2");
        v2.MapGet("/", ServerMetadata).WithName("ServerMetadata").WithSummary("Server name, version and protocol extensions.");
        v2.MapGet("/health/live", () => TypedResults.Ok(new ServerLiveResponse(true))).WithName("ServerLive").WithSummary("200 {\"live\": true} while the process is up.");
        v2.MapGet("/health/ready", ServerReady).WithName("ServerReady").WithSummary("200 {\"ready\": true} once no model version is still loading, 503 {\"ready\": false} before.");
        v2.MapGet("/models/{model}", ModelMetadata).WithName("ModelMetadata").WithSummary("The served versions, inputs and outputs of a model.");
        v2.MapGet("/models/{model}/versions/{version}", ModelMetadata).WithName("ModelVersionMetadata").WithSummary("Inputs and outputs of one served version.");
        v2.MapGet("/models/{model}/ready", ModelReady).WithName("ModelReady").WithSummary("200 {\"name\", \"ready\": true} when the model's champion is loaded, 503 with ready false before.");
        v2.MapGet("/models/{model}/versions/{version}/ready", ModelReady).WithName("ModelVersionReady").WithSummary("200 when the version is loaded.");
        v2.MapPost("/models/{model}/infer", Infer).WithRequestMetrics().WithName("Infer")
            .WithSummary("Runs the champion (or the challenger for the canary share). 400 {\"error\"} names a bad input; 404 unknown model; 503 not ready.");
        v2.MapPost("/models/{model}/versions/{version}/infer", Infer).WithRequestMetrics().WithName("InferVersion").WithSummary("Runs one served version (champion or challenger).");
        return app;
    }

    public static IResult ServerMetadata() =>
        TypedResults.Ok(new ServerMetadataResponse("mlops-inference", typeof(OipApi).Assembly.GetName().Version?.ToString() ?? "1.0.0", ["model_repository", "canary", "shadow", "batch_jobs"]));

    public static IResult ServerReady(ModelCatalog catalog) =>
        catalog.AllLoaded
            ? TypedResults.Ok(new ServerReadyResponse(true))
            : TypedResults.Json(new ServerReadyResponse(false, "model versions are still loading"), statusCode: StatusCodes.Status503ServiceUnavailable);

    public static IResult ModelMetadata(string model, string? version, TenantId tenant, ModelCatalog catalog)
    {
        if (catalog.Find(new ModelKey(tenant.Value, model)) is not { } deployment)
        {
            return OipResponses.Error(StatusCodes.Status404NotFound, $"model '{model}' is not served");
        }
        var served = new[] { Deployment.Champion, Deployment.Challenger }.Select(deployment.Get).OfType<ServedModel>().DistinctBy(m => m.Version).ToList();
        var chosen = version is null ? served.FirstOrDefault() : served.FirstOrDefault(m => m.Version.ToString(CultureInfo.InvariantCulture) == version);
        if (chosen is null)
        {
            return version is null
                ? OipResponses.Error(StatusCodes.Status503ServiceUnavailable, $"model '{model}' has no loaded version yet")
                : OipResponses.Error(StatusCodes.Status404NotFound, $"version {version} of model '{model}' is not served");
        }
        return TypedResults.Ok(new ModelMetadataResponse(model, [.. served.Select(m => m.Version.ToString(CultureInfo.InvariantCulture))], "onnxruntime_onnx",
            [.. chosen.Signature.Inputs.Select(TensorMetadata.From)], [.. chosen.Signature.Outputs.Select(TensorMetadata.From)]));
    }

    public static IResult ModelReady(string model, string? version, TenantId tenant, ModelCatalog catalog)
    {
        if (catalog.Find(new ModelKey(tenant.Value, model)) is not { } deployment)
        {
            return OipResponses.Error(StatusCodes.Status404NotFound, $"model '{model}' is not served");
        }
        var ready = version is null
            ? deployment.IsReady
            : new[] { Deployment.Champion, Deployment.Challenger }.Any(a => deployment.Get(a)?.Version.ToString(CultureInfo.InvariantCulture) == version);
        return ready
            ? TypedResults.Ok(new ModelReadyResponse(model, true))
            : TypedResults.Json(new ModelReadyResponse(model, false, $"model '{model}'{(version is null ? "" : $" version {version}")} is not ready"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public static async Task Infer(HttpContext context, string model, string? version, Predictor predictor, OnlineFeatureClient features)
    {
        int? wanted = null;
        if (version is not null)
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await OipResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"version '{version}' of model '{model}' is not served");
                return;
            }
            wanted = parsed;
        }
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var caller = CallerIdentity.Of(context)!;
            // The version that answers is chosen first: the request is checked against, filled for and run on that version.
            using var lease = predictor.Lease(new ModelKey(caller.Tenant, model), wanted);
            var signature = lease.Contract;
            var featureService = lease.Model.FeatureService;
            // Declared shapes are checked before any tensor is allocated, against the version that answers when it takes what callers speak
            // (else it fails when run, which counts against it); a hybrid model also takes join-key tensors.
            var checkAgainst = featureService is null && lease.Model.Signature.SameInputs(signature) ? signature : null;
            var request = await RequestBody.ParseAsync(context.Request, body => InferRequestReader.Read(body, checkAgainst), context.RequestAborted);
            var requestId = Guid.TryParse(request.Id, out var clientGuid) ? clientGuid : Guid.CreateVersion7();
            var inputs = featureService is not null && request.Inputs.Count > 0 && OipEntityRows.NeedsLookup(request.Inputs, signature)
                ? await FillRowsAsync(request.Inputs, lease, caller, features, context.RequestAborted)
                : request.Inputs;
            var prediction = await predictor.PredictAsync(lease, inputs, requestId, started);
            RequestMetering.Served(context, prediction.Role);
            var unknown = request.Outputs?.FirstOrDefault(o => !prediction.Signature.HasOutput(o));
            if (unknown is not null)
            {
                await OipResponses.WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                    $"unknown output '{unknown}': the model's outputs are {string.Join(", ", prediction.Signature.Outputs.Select(o => o.Name))}");
                return;
            }
            await OipResponses.WriteInferAsync(context, prediction, request.Id, request.Outputs);
        }
        catch (InferenceInputException e)
        {
            await OipResponses.WriteErrorAsync(context, StatusCodes.Status400BadRequest, e.Message);
        }
        catch (ModelUnavailableException e)
        {
            if (e.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }
            await OipResponses.WriteErrorAsync(context, e.StatusCode, e.Message);
        }
    }

    // Hybrid serving: each row becomes an instance, filled as :predict instances are, and the filled instances the model's tensors.
    private static async Task<IReadOnlyList<Tensor>> FillRowsAsync(IReadOnlyList<Tensor> given, ServingLease lease, CallerIdentity caller,
        OnlineFeatureClient features, CancellationToken cancellationToken)
    {
        using var instances = OipEntityRows.ToInstances(given);
        using var filled = await features.FillAsync(instances.RootElement, lease, caller, cancellationToken);
        return filled is null ? given : InstanceTensors.Build(filled.RootElement, lease.Contract);
    }
}
