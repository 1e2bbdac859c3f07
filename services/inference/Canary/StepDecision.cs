namespace MlOps.Inference.Canary;

/// <summary>A judged step as stored: its share, the decision, the reason and the merged figures.</summary>
public sealed record StepDecision(int Step, double TrafficPercent, string Decision, string Reason, StepFigures Figures, DateTimeOffset DecidedAt);
