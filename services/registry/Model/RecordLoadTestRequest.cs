namespace MlOps.Registry.Model;

/// <summary>
/// A load measured on a version: where it came from (canary, load-test, ...), how many requests, their error rate (0..1) and
/// p99 latency; RolloutId ties a canary's record to its rollout. Fields are nullable so a missing one is named, not defaulted.
/// </summary>
public sealed record RecordLoadTestRequest(string? Source, long? Requests, double? ErrorRate, double? P99Milliseconds, Guid? RolloutId);
