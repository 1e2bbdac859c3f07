namespace MlOps.Inference.Apis;

/// <summary>How many labels were recorded, and how many matched a served prediction in the log (those feed performance monitoring).</summary>
public sealed record FeedbackAccepted(int Recorded, int MatchedPredictions);
