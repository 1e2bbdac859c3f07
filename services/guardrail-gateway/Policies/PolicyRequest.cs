using MlOps.Guardrails.Pii;

namespace MlOps.GuardrailGateway.Policies;

/// <summary>PUT /policies/{name}: the whole policy; omitted fields take their defaults.</summary>
public sealed record PolicyRequest(
    string? Action,
    IReadOnlyList<string>? Scanners,
    IReadOnlyDictionary<string, double>? Thresholds,
    IReadOnlyDictionary<string, string>? Actions,
    IReadOnlyDictionary<string, string>? KindActions,
    IReadOnlyList<string>? AllowList,
    IReadOnlyList<string>? DenyList,
    IReadOnlyList<CustomPattern>? CustomPatterns,
    IReadOnlyList<string>? Entities,
    string? Anonymizer);
