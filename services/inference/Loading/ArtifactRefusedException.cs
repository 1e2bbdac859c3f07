namespace MlOps.Inference.Loading;

/// <summary>An artifact failed verification (digest or signature) and is never served.</summary>
public sealed class ArtifactRefusedException(string message) : Exception(message);
