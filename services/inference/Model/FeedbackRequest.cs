namespace MlOps.Inference.Model;

/// <summary>Ground-truth labels for earlier predictions, by the request id the prediction answered with (and the row within it).</summary>
public sealed record FeedbackRequest(IReadOnlyList<FeedbackLabel>? Labels);

/// <summary>One label: request id, row within the request (0 for single-row requests), the true value.</summary>
public sealed record FeedbackLabel(Guid RequestId, int RowIndex, double Label);
