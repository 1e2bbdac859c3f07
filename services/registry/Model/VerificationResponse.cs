namespace MlOps.Registry.Model;

/// <summary>Whether a stored artifact still has the digest it was registered with, and whether its signature holds.</summary>
public sealed record VerificationResponse(string Model, int Version, string ArtifactDigest, bool DigestMatches, bool SignatureValid, Guid SigningKeyId);
