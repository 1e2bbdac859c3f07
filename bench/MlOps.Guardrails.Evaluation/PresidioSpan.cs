using System.Text.Json.Serialization;

namespace MlOps.Guardrails.Evaluation;

/// <summary>One labelled entity of the Presidio synthetic set (end exclusive).</summary>
public sealed record PresidioSpan(
    [property: JsonPropertyName("entity_type")] string EntityType,
    [property: JsonPropertyName("start_position")] int Start,
    [property: JsonPropertyName("end_position")] int End);
