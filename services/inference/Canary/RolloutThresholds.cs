namespace MlOps.Inference.Canary;

/// <summary>What a step must meet; a null threshold is not checked.</summary>
public sealed record RolloutThresholds(
    double? MaxErrorRate, double? MaxP99Ratio, double? MaxP99Milliseconds, double? MinAgreement, double AgreementTolerance, double? MaxPredictionPsi);
