namespace MlOps.Guardrails.Training;

/// <summary>A training text and whether it is an injection.</summary>
public sealed record LabelledText(string Text, bool Injection);
