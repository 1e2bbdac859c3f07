namespace MlOps.Guardrails.Pii;

/// <summary>A policy's own recognizer: a regular expression reported as <paramref name="Kind"/> with a fixed score.</summary>
public sealed record CustomPattern(string Kind, string Pattern, double Score = 0.8);
