using System.Diagnostics.Metrics;
using MlOps.Inference.Serving;
using MlOps.ServiceDefaults.Metrics;

namespace MlOps.Inference.Services;

/// <summary>
/// The serving figures operators watch: requests and their latency (what availability and latency objectives read), rows
/// scored, refused artifacts, prediction-log rows written and dropped, shadow agreement, canary decisions.
/// </summary>
public sealed class InferenceMetrics
{
    public const string MeterName = "MlOps.Inference";

    private readonly Counter<long> _refused;
    private readonly Counter<long> _logDropped;
    private readonly Counter<long> _logWritten;
    private readonly Counter<long> _shadowCompared;
    private readonly Histogram<double> _shadowDifference;
    private readonly Counter<long> _predictions;
    private readonly Counter<long> _canaryDecisions;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    public InferenceMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _predictions = meter.CreateCounter<long>("mlops.inference.predictions", "{row}", "Rows scored, by model, version and role (champion, challenger, shadow).");
        _requests = meter.CreateCounter<long>(SloMetrics.InferenceRequests, "{request}", "Prediction requests by tenant, model, alias and outcome.");
        _duration = meter.CreateHistogram(SloMetrics.InferenceDuration, "s", "Prediction request latency by tenant, model and alias.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [.. SloMetrics.LatencyBucketsMs.Select(ms => ms / 1000.0)] });
        _refused = meter.CreateCounter<long>("mlops.inference.artifacts.refused", "{artifact}", "Artifacts that failed digest or signature verification.");
        _logDropped = meter.CreateCounter<long>("mlops.inference.prediction_log.dropped", "{row}", "Prediction-log rows dropped because the log queue was full.");
        _logWritten = meter.CreateCounter<long>("mlops.inference.prediction_log.written", "{row}", "Prediction-log rows written to the database.");
        _shadowCompared = meter.CreateCounter<long>("mlops.inference.shadow.compared", "{row}", "Shadow rows compared with the champion, by agreement.");
        _canaryDecisions = meter.CreateCounter<long>("mlops.inference.canary.decisions", "{decision}", "Canary step decisions, by model and decision (advanced, promoted, rolled_back).");
        _shadowDifference = meter.CreateHistogram<double>("mlops.inference.shadow.difference", null, "Absolute difference of the challenger's score from the champion's.");
    }

    public void Predicted(ServedModel model, string role, int rows) =>
        _predictions.Add(rows, new("model", model.Key.Model), new("version", model.Version), new("role", role));

    /// <summary>One prediction request as its caller saw it: the status it got and how long it took.</summary>
    public void Requested(string tenant, string model, string alias, int statusCode, TimeSpan elapsed)
    {
        _requests.Add(1, new("tenant", tenant), new("model", model), new("alias", alias), new("outcome", SloMetrics.OutcomeOf(statusCode)));
        _duration.Record(elapsed.TotalSeconds, new("tenant", tenant), new("model", model), new("alias", alias));
    }

    public void ArtifactRefused(ModelKey key) => _refused.Add(1, new KeyValuePair<string, object?>("model", key.Model));

    public void LogDropped(int rows) => _logDropped.Add(rows);

    public void LogWritten(int rows) => _logWritten.Add(rows);

    public void ShadowCompared(ModelKey key, bool agreed, double difference)
    {
        _shadowCompared.Add(1, new("model", key.Model), new("agreed", agreed));
        _shadowDifference.Record(difference, new KeyValuePair<string, object?>("model", key.Model));
    }

    public void CanaryDecided(ModelKey key, string decision) =>
        _canaryDecisions.Add(1, new("model", key.Model), new("decision", decision));
}
