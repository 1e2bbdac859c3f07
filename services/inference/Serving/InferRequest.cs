namespace MlOps.Inference.Serving;

/// <summary>An OIP v2 inference request: the client's id (optional), its input tensors and the outputs it wants (all when null).</summary>
public sealed record InferRequest(string? Id, IReadOnlyList<Tensor> Inputs, IReadOnlyList<string>? Outputs);
