namespace MlOps.Guardrails.Pii;

/// <summary>What the PII scanner reports: score threshold, entity kinds, allow and deny lists, custom patterns.</summary>
public sealed record PiiScannerOptions
{
    /// <summary>Findings scoring below this are dropped (after context words raised them).</summary>
    public double ScoreThreshold { get; init; } = 0.5;

    /// <summary>Kinds to report; null reports every kind except PERSON and LOCATION, which run only when listed here.</summary>
    public IReadOnlySet<string>? Entities { get; init; }

    /// <summary>Values never reported, compared case-insensitively (e.g. the company's own support address).</summary>
    public IReadOnlyCollection<string> AllowList { get; init; } = [];

    /// <summary>Terms always reported as DENY_LIST, matched case-insensitively as whole words.</summary>
    public IReadOnlyCollection<string> DenyList { get; init; } = [];

    /// <summary>Extra recognizers, run with linear-time (non-backtracking) matching.</summary>
    public IReadOnlyList<CustomPattern> CustomPatterns { get; init; } = [];

    /// <summary>Regions whose national phone formats are recognized.</summary>
    public IReadOnlyList<string> PhoneRegions { get; init; } = PhoneRecognizer.DefaultRegions;
}
