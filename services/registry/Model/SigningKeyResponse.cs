namespace MlOps.Registry.Model;

/// <summary>The registry's public key and what exactly it signs, so any consumer can verify a version.</summary>
public sealed record SigningKeyResponse(Guid KeyId, string Algorithm, string PublicKey, string PayloadFormat);
