namespace MlOps.Contracts;

/// <summary>guardrail-gateway blocked or flagged LLM traffic; carries kinds, spans and hashes, never the text.</summary>
public sealed record GuardrailViolated : IntegrationMessage
{
    /// <summary>Scanner that fired, for example prompt_injection.</summary>
    public required string Scanner { get; init; }
    /// <summary>block, redact or flag.</summary>
    public required string Action { get; init; }
    /// <summary>sha256 of the offending input, hex.</summary>
    public required string InputHash { get; init; }
    /// <summary>Finding kinds and their character spans.</summary>
    public required IReadOnlyList<GuardrailFinding> Findings { get; init; }
    /// <summary>The API or virtual key whose request was scanned, when a key (not a service) made it: what a runbook blocks.</summary>
    public Guid? KeyId { get; init; }
}

