namespace MlOps.Guardrails.Anonymization;

/// <summary>The text with findings replaced, and for placeholders the mapping back to the original values.</summary>
public sealed record AnonymizedText(string Text, IReadOnlyDictionary<string, string> Mapping);
