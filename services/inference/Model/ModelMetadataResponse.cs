namespace MlOps.Inference.Model;

/// <summary>OIP v2 model metadata: served versions, platform, inputs and outputs.</summary>
public sealed record ModelMetadataResponse(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadata> Inputs, IReadOnlyList<TensorMetadata> Outputs);
