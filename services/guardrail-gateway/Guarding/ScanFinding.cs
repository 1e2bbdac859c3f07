namespace MlOps.GuardrailGateway.Guarding;

/// <summary>A finding as the API reports it: which message (null for a plain text), scanner, kind, span, score, the policy's action.</summary>
public sealed record ScanFinding(int? Message, string Scanner, string Kind, int Start, int Length, double Score, string Action);
