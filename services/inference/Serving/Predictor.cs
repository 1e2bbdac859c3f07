using System.Diagnostics;
using MlOps.Inference.Logging;
using MlOps.Inference.Services;

namespace MlOps.Inference.Serving;

/// <summary>
/// The request path: find the deployment, lease the version that should answer (canary split included), check and run the
/// inputs, queue the log row, mirror to the shadow, return the lease. Nothing on this path waits for the database.
/// </summary>
public sealed class Predictor(ModelCatalog catalog, PredictionLog log, ShadowRunner shadow, InferenceMetrics metrics)
{
    public async Task<Prediction> PredictAsync(ModelKey key, int? version, IReadOnlyList<Tensor> inputs, Guid requestId)
    {
        var started = Stopwatch.GetTimestamp();
        using var lease = Lease(key, version);
        return await PredictAsync(lease, inputs, requestId, started);
    }

    /// <summary>Leases the version that should answer: the one asked for, else the challenger for the canary share, else the champion (404/503 otherwise).</summary>
    public ServingLease Lease(ModelKey key, int? version)
    {
        var deployment = catalog.Find(key) ?? throw new ModelUnavailableException(StatusCodes.Status404NotFound, $"model '{key.Model}' is not served");
        var model = deployment.Acquire(version) ?? throw Unavailable(deployment, version);
        var role = ReferenceEquals(model, deployment.Get(Deployment.Challenger)) ? PredictionRoles.Challenger : PredictionRoles.Champion;
        var contract = version is null && role == PredictionRoles.Challenger ? deployment.Get(Deployment.Champion)?.Signature ?? model.Signature : model.Signature;
        return new ServingLease(deployment, model, role, contract);
    }

    /// <summary>Runs the inputs on the leased version; the caller disposes the lease.</summary>
    public async Task<Prediction> PredictAsync(ServingLease lease, IReadOnlyList<Tensor> inputs, Guid requestId, long started)
    {
        var (deployment, model, role) = (lease.Deployment, lease.Model, lease.Role);
        var canary = deployment.Canary;
        try
        {
            var bound = model.Signature.Bind(inputs);
            var outputs = await model.RunAsync(bound);
            var info = model.Info;
            var record = PredictionRecord.Capture(requestId, info, role, bound, outputs, (int)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            log.Add(record);
            canary?.Answered(model.Version, role == PredictionRoles.Challenger, record.LatencyMicros, record);
            metrics.Predicted(model, role, bound[0].Rows);
            if (role == PredictionRoles.Champion && deployment.Traffic.Shadow)
            {
                shadow.Mirror(deployment, bound, record);
            }
            return new Prediction(requestId, deployment.Key.Model, model.Version, role, model.Signature, outputs);
        }
        catch (Exception) when (CountFailure(canary, model, role, started))
        {
            throw; // Never reached: the filter only counts.
        }
    }

    // A failed run (bad input for this version, a runtime error) counts against the version that was routed to answer.
    private static bool CountFailure(Canary.StepCounters? canary, ServedModel model, string role, long started)
    {
        canary?.Answered(model.Version, role == PredictionRoles.Challenger, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds, null);
        return false;
    }

    private static ModelUnavailableException Unavailable(Deployment deployment, int? version)
    {
        if (version is { } wanted)
        {
            var served = string.Join(", ", new[] { Deployment.Champion, Deployment.Challenger }
                .Select(a => (Alias: a, Model: deployment.Get(a))).Where(p => p.Model is not null).Select(p => $"{p.Alias} v{p.Model!.Version}"));
            var loading = deployment.States.Values.FirstOrDefault(s => s.Version == wanted);
            return loading is { Status: AliasState.Loading }
                ? new ModelUnavailableException(StatusCodes.Status503ServiceUnavailable, $"version {wanted} of model '{deployment.Key.Model}' is still loading")
                : new ModelUnavailableException(StatusCodes.Status404NotFound,
                    $"version {wanted} of model '{deployment.Key.Model}' is not served (serving: {(served.Length > 0 ? served : "nothing")})");
        }
        var state = deployment.States.GetValueOrDefault(Deployment.Champion);
        return new ModelUnavailableException(StatusCodes.Status503ServiceUnavailable, state switch
        {
            { Status: AliasState.Loading } => $"model '{deployment.Key.Model}' is not ready: version {state.Version} is loading",
            { Status: AliasState.Refused or AliasState.Failed } => $"model '{deployment.Key.Model}' is not ready: version {state.Version} {state.Status} ({state.Message})",
            _ => $"model '{deployment.Key.Model}' has no champion to serve",
        });
    }
}
