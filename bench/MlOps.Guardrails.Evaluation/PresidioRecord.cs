using System.Text.Json.Serialization;

namespace MlOps.Guardrails.Evaluation;

/// <summary>One sentence of the Presidio synthetic set with its labelled spans.</summary>
public sealed record PresidioRecord([property: JsonPropertyName("full_text")] string Text, [property: JsonPropertyName("spans")] IReadOnlyList<PresidioSpan> Spans);
