namespace MlOps.Inference.Canary;

/// <summary>A canary analysis as stored: the challenger under analysis, its steps and thresholds, and where it stands.</summary>
public sealed record Rollout(
    Guid Id, string TenantId, string ModelName, int ChallengerVersion, int? ChampionVersion, string Status, double[] Steps,
    long? HoldRequests, int? HoldSeconds, double? MaxErrorRate, double? MaxP99Ratio, double? MaxP99Ms, double? MinAgreement,
    double AgreementTolerance, double? MaxPredictionPsi, double[] ScoreEdges, int CurrentStep, DateTime StepStartedAt, string StartedBy,
    string? Reason, DateTime CreatedAt, DateTime? FinishedAt)
{
    public const string Running = "running";
    public const string Promoted = "promoted";
    public const string RolledBack = "rolled_back";
    public const string Aborted = "aborted";

    public const string Columns = """
        id AS Id, tenant_id AS TenantId, model_name AS ModelName, challenger_version AS ChallengerVersion, champion_version AS ChampionVersion,
        status AS Status, steps AS Steps, hold_requests AS HoldRequests, hold_seconds AS HoldSeconds, max_error_rate AS MaxErrorRate,
        max_p99_ratio AS MaxP99Ratio, max_p99_ms AS MaxP99Ms, min_agreement AS MinAgreement, agreement_tolerance AS AgreementTolerance,
        max_prediction_psi AS MaxPredictionPsi, score_edges AS ScoreEdges, current_step AS CurrentStep, step_started_at AS StepStartedAt,
        started_by AS StartedBy, reason AS Reason, created_at AS CreatedAt, finished_at AS FinishedAt
        """;

    public double CurrentPercent => Steps[Math.Min(CurrentStep, Steps.Length - 1)];

    public bool IsLastStep => CurrentStep >= Steps.Length - 1;

    public RolloutThresholds Thresholds => new(MaxErrorRate, MaxP99Ratio, MaxP99Ms, MinAgreement, AgreementTolerance, MaxPredictionPsi);

    /// <summary>Whether the current step has been held long enough: every hold the rollout has must be met.</summary>
    public bool HoldMet(StepFigures figures, DateTimeOffset now) =>
        (HoldRequests is not { } requests || figures.Requests >= requests)
        && (HoldSeconds is not { } seconds || now - new DateTimeOffset(DateTime.SpecifyKind(StepStartedAt, DateTimeKind.Utc)) >= TimeSpan.FromSeconds(seconds));
}
