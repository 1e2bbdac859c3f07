namespace MlOps.Contracts;

/// <summary>registry accepted a new model version and its artifact.</summary>
public sealed record ModelVersionRegistered : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>Version number within the model.</summary>
    public required int Version { get; init; }
    /// <summary>sha256 of the ONNX artifact, hex.</summary>
    public required string ArtifactDigest { get; init; }
}
