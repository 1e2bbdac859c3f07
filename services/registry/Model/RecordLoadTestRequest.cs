using System.ComponentModel.DataAnnotations;
using MlOps.Registry.Services;

namespace MlOps.Registry.Model;

/// <summary>
/// A load measured on a version: where it came from (canary, load-test, ...), how many requests, their error rate (0..1) and
/// p99 latency; RolloutId ties a canary's record to its rollout. Fields are nullable so a missing one is named, not defaulted.
/// </summary>
public sealed record RecordLoadTestRequest(
    [Required(ErrorMessage = RecordLoadTestRequest.SourceRule), RegularExpression(Names.LoadTestSourcePattern, ErrorMessage = RecordLoadTestRequest.SourceRule)]
    string? Source,
    [Required(ErrorMessage = RecordLoadTestRequest.RequestsRule), Range(typeof(long), "1", "9223372036854775807", ErrorMessage = RecordLoadTestRequest.RequestsRule)]
    long? Requests,
    [Required(ErrorMessage = RecordLoadTestRequest.ErrorRateRule), Range(0.0, 1.0, ErrorMessage = RecordLoadTestRequest.ErrorRateRule)]
    double? ErrorRate,
    [Required(ErrorMessage = RecordLoadTestRequest.P99Rule), Range(0.0, RecordLoadTestRequest.MaxP99Milliseconds, ErrorMessage = RecordLoadTestRequest.P99Rule)]
    double? P99Milliseconds,
    Guid? RolloutId)
{
    public const double MaxP99Milliseconds = 86_400_000;

    private const string SourceRule =
        "source names where the measurement came from (e.g. canary, load-test): 1-63 characters, lowercase letters, digits, '_', '-', starting with a letter.";
    private const string RequestsRule = "requests is the number of requests measured: a whole number of at least 1.";
    private const string ErrorRateRule = "errorRate is the share of requests that failed: a number from 0 to 1.";
    private const string P99Rule = "p99Milliseconds is the 99th-percentile latency in milliseconds: 0 to 86400000.";
}
