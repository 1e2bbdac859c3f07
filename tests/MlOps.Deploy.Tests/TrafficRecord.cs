namespace MlOps.Deploy.Tests;

/// <summary>
/// One request of the traffic a test drives: which flow sent it, when it started (from the traffic's start), how long it took
/// and how it ended.
/// </summary>
public sealed record TrafficRecord(string Flow, TimeSpan Started, TimeSpan Took, bool Succeeded, string Detail);
