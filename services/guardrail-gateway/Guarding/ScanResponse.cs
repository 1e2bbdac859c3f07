namespace MlOps.GuardrailGateway.Guarding;

/// <summary>
/// The verdict (allow, flag, redact or block: the strongest action any finding carries), the findings, the redacted text
/// or messages, and for placeholder redaction the mapping that restores a model's answer for the caller.
/// </summary>
public sealed record ScanResponse(
    string Action,
    string Policy,
    IReadOnlyList<ScanFinding> Findings,
    string? Text,
    IReadOnlyList<GuardMessage>? Messages,
    IReadOnlyDictionary<string, string>? Mapping);
