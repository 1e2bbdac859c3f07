namespace MlOps.Inference.Loading;

/// <summary>What inference reads about a version from the registry: the digest and signature to verify before loading, and its lineage.</summary>
public sealed record RegistryVersion(string Model, int Version, string ArtifactDigest, string Signature, Guid SigningKeyId, RegistryLineage? Lineage = null);
