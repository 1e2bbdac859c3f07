namespace MlOps.Inference.Apis;

/// <summary>The OIP v2 error body.</summary>
public sealed record OipError(string Error);
