namespace MlOps.Incident.Alerts;

/// <summary>The body Alertmanager's webhook receiver posts (version 4).</summary>
public sealed record AlertmanagerPayload(
    string? Version, string? GroupKey, string? Status, string? Receiver, List<AlertmanagerAlert>? Alerts,
    Dictionary<string, string>? GroupLabels, Dictionary<string, string>? CommonLabels, Dictionary<string, string>? CommonAnnotations,
    string? ExternalUrl, int TruncatedAlerts);

/// <summary>One alert of an Alertmanager notification.</summary>
public sealed record AlertmanagerAlert(
    string? Status, Dictionary<string, string>? Labels, Dictionary<string, string>? Annotations, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    string? GeneratorUrl, string? Fingerprint);
