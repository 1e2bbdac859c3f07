using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Secrets;

/// <summary>One credential format: its kind, a pattern (the secret is the "secret" group when present, else the whole match) and a score.</summary>
public sealed record SecretPattern(string Kind, Regex Pattern, double Score);
