namespace MlOps.Guardrails.Output;

/// <summary>What the output scanner checks a model's answer against; every part is optional.</summary>
public sealed record OutputScannerOptions
{
    /// <summary>A random token planted in the system prompt: seeing it in an answer proves the prompt leaked.</summary>
    public string? CanaryToken { get; init; }

    /// <summary>The system prompt itself, to catch verbatim leaks of long passages without a canary.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Words or phrases the answer must not contain (whole words, case-insensitive).</summary>
    public IReadOnlyList<string> BannedTerms { get; init; } = [];

    /// <summary>Domains links may point to (subdomains included); empty allows every domain that is not suspicious.</summary>
    public IReadOnlyList<string> AllowedDomains { get; init; } = [];
}
