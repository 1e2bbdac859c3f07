namespace MlOps.Contracts;

/// <summary>A finding without its content.</summary>
public sealed record GuardrailFinding(string Kind, int Start, int Length, double Score);
