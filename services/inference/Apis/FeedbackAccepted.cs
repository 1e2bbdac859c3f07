namespace MlOps.Inference.Apis;

/// <summary>How many labels were recorded.</summary>
public sealed record FeedbackAccepted(int Recorded);
