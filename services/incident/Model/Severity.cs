namespace MlOps.Incident.Model;

/// <summary>Incident severities, least to most urgent.</summary>
public static class Severity
{
    public static readonly IReadOnlyList<string> All = ["low", "medium", "high", "critical"];

    public static bool IsKnown(string? severity) => severity is not null && All.Contains(severity);
}
