namespace MlOps.Deploy.Tests;

/// <summary>One request of the traffic a test drives: which flow sent it, when it started (from the traffic's start), and how it ended.</summary>
public sealed record TrafficRecord(string Flow, TimeSpan Started, bool Succeeded, string Detail);
