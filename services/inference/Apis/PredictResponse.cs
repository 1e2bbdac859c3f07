namespace MlOps.Inference.Apis;

/// <summary>The v1 answer: which version scored, the request id for feedback, one object per instance.</summary>
public sealed record PredictResponse(string ModelName, int ModelVersion, Guid RequestId, IReadOnlyList<Dictionary<string, object?>> Predictions);
