namespace MlOps.Inference.Canary;

/// <summary>A step's judgement: whether it passed, the checks that failed (by name) and one sentence with the figures and thresholds.</summary>
public sealed record StepVerdict(bool Passed, IReadOnlyList<string> FailedChecks, string Reason);
