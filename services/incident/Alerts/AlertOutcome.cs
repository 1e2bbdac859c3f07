namespace MlOps.Incident.Alerts;

/// <summary>What an alert did: opened, joined, reopened or resolved an incident, or was suppressed or ignored.</summary>
public sealed record AlertOutcome(string Result, Guid? IncidentId, string DedupKey)
{
    public const string Opened = "opened";
    public const string Grouped = "grouped";
    public const string Reopened = "reopened";
    public const string Resolved = "resolved";
    /// <summary>A resolved alert whose incident still has other firing alerts, or a resolve for no open incident.</summary>
    public const string Recorded = "recorded";
    public const string Suppressed = "suppressed";
}
