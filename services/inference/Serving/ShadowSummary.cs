namespace MlOps.Inference.Serving;

/// <summary>Rows compared, share whose decision agreed, mean absolute score difference, shadow runs that failed.</summary>
public sealed record ShadowSummary(long Compared, double? AgreementRate, double? MeanAbsoluteDifference, long Failed);
