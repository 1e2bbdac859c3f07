namespace MlOps.Inference.Canary;

/// <summary>A rollouts row as Dapper reads it (settable properties; arrays as Npgsql returns them).</summary>
internal sealed class RolloutRow
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
    public string ModelName { get; set; } = "";
    public int ChallengerVersion { get; set; }
    public int? ChampionVersion { get; set; }
    public string Status { get; set; } = "";
    public double[] Steps { get; set; } = [];
    public long? HoldRequests { get; set; }
    public int? HoldSeconds { get; set; }
    public double? MaxErrorRate { get; set; }
    public double? MaxP99Ratio { get; set; }
    public double? MaxP99Ms { get; set; }
    public double? MinAgreement { get; set; }
    public double AgreementTolerance { get; set; }
    public double? MaxPredictionPsi { get; set; }
    public double[] ScoreEdges { get; set; } = [];
    public int CurrentStep { get; set; }
    public DateTime StepStartedAt { get; set; }
    public string StartedBy { get; set; } = "";
    public string? Reason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public Rollout ToRollout() => new(Id, TenantId, ModelName, ChallengerVersion, ChampionVersion, Status, Steps, HoldRequests, HoldSeconds, MaxErrorRate,
        MaxP99Ratio, MaxP99Ms, MinAgreement, AgreementTolerance, MaxPredictionPsi, ScoreEdges, CurrentStep, StepStartedAt, StartedBy, Reason, CreatedAt, FinishedAt);
}
