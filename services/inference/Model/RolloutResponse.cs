using MlOps.Inference.Canary;

namespace MlOps.Inference.Model;

/// <summary>A rollout: its state, current step and share, holds and thresholds, the live figures of the current step and every decision so far.</summary>
public sealed record RolloutResponse(
    Guid Id, string Model, int ChallengerVersion, int? ChampionVersion, string Status, double[] Steps, int CurrentStep, double TrafficPercent,
    long? HoldRequests, int? HoldSeconds, RolloutThresholds Thresholds, string StartedBy, string? Reason, DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt, StepFigures? Current, IReadOnlyList<StepDecision> Decisions)
{
    public static RolloutResponse From(Rollout rollout, StepFigures? current, IReadOnlyList<StepDecision> decisions) => new(
        rollout.Id, rollout.ModelName, rollout.ChallengerVersion, rollout.ChampionVersion, rollout.Status, rollout.Steps, rollout.CurrentStep,
        rollout.Status == Rollout.Running ? rollout.CurrentPercent : rollout.Status == Rollout.Promoted ? 100 : 0,
        rollout.HoldRequests, rollout.HoldSeconds, rollout.Thresholds, rollout.StartedBy, rollout.Reason, Utc(rollout.CreatedAt),
        rollout.FinishedAt is { } finished ? Utc(finished) : null, current, decisions);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
