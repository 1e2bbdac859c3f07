namespace MlOps.Inference.Model;

/// <summary>Ground-truth labels for earlier predictions, by the request id the prediction answered with (and the row within it).</summary>
public sealed record FeedbackRequest(IReadOnlyList<FeedbackLabel>? Labels);
