namespace MlOps.ServiceDefaults.Metrics;

/// <summary>
/// The metrics service-level objectives are computed from: their OpenTelemetry instrument names (where services record them)
/// and the names the Prometheus exporter gives them (where incident's generated rules read them).
/// </summary>
public static class SloMetrics
{
    /// <summary>Inference requests by tenant, model, alias and outcome.</summary>
    public const string InferenceRequests = "mlops.inference.requests";
    public const string InferenceRequestsSeries = "mlops_inference_requests_total";

    /// <summary>Inference request latency in seconds, by tenant, model and alias.</summary>
    public const string InferenceDuration = "mlops.inference.request.duration";
    public const string InferenceDurationBuckets = "mlops_inference_request_duration_seconds_bucket";
    public const string InferenceDurationCount = "mlops_inference_request_duration_seconds_count";

    /// <summary>When a dataset's last load succeeded (Unix seconds), by tenant and dataset.</summary>
    public const string IngestLastSuccess = "mlops.ingest.dataset.last_success";
    public const string IngestLastSuccessSeries = "mlops_ingest_dataset_last_success_seconds";

    /// <summary>Outcome label values: what availability objectives count as good or bad.</summary>
    public const string Ok = "ok";
    public const string ClientError = "client_error";
    public const string ServerError = "server_error";

    /// <summary>The model label of requests for a model this service does not serve, so unknown names add no series.</summary>
    public const string UnservedModel = "_unserved";

    /// <summary>
    /// The latency histogram's bucket bounds in milliseconds; a latency objective's threshold must be one of them, since the
    /// fraction of requests under it is read from that bucket exactly.
    /// </summary>
    public static readonly IReadOnlyList<int> LatencyBucketsMs =
        [5, 10, 25, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 2500, 5000, 7500, 10000];

    /// <summary>The exporter's "le" label of a bucket bound given in milliseconds (seconds, shortest round-trip form).</summary>
    public static string BucketLabel(int milliseconds) => (milliseconds / 1000.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static string OutcomeOf(int statusCode) => statusCode switch
    {
        >= 500 => ServerError,
        >= 400 => ClientError,
        _ => Ok,
    };
}
