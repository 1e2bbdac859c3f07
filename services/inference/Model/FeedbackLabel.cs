namespace MlOps.Inference.Model;

/// <summary>One label: request id, row within the request (0 for single-row requests), the true value.</summary>
public sealed record FeedbackLabel(Guid RequestId, int RowIndex, double Label);
