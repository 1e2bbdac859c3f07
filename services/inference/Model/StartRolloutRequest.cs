namespace MlOps.Inference.Model;

/// <summary>
/// A canary analysis of the current challenger: traffic shares to step through, how long each is held (challenger requests
/// and/or seconds: every hold given must be met; both defaults when neither is given) and what each step must meet.
/// Anything left out takes its configured default (MlOps:Inference:Canary).
/// </summary>
public sealed record StartRolloutRequest(
    double[]? Steps = null, long? HoldRequests = null, int? HoldSeconds = null, double? MaxErrorRate = null, double? MaxP99Ratio = null,
    double? MaxP99Milliseconds = null, double? MinAgreement = null, double? AgreementTolerance = null, double? MaxPredictionPsi = null);
