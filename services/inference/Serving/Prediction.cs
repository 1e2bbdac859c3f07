namespace MlOps.Inference.Serving;

/// <summary>A request's answer: which version gave it, in which role, and every output in model order.</summary>
public sealed record Prediction(Guid RequestId, string Model, int Version, string Role, ModelSignature Signature, Tensor[] Outputs);
