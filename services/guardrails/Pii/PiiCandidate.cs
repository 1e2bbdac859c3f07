namespace MlOps.Guardrails.Pii;

/// <summary>A span a recognizer proposes, before context words and policy lists are applied.</summary>
public readonly record struct PiiCandidate(string Kind, int Start, int Length, double Score);
