using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>
/// Presidio-style PII detection: pattern recognizers with checksum and format validation, context words that raise a
/// candidate's score, policy allow/deny lists and custom patterns, then the best of any overlapping findings.
/// </summary>
public sealed class PiiScanner : IScanner
{
    private readonly PiiScannerOptions _options;
    private readonly IPiiRecognizer[] _recognizers;
    private readonly IReadOnlyList<(CustomPattern Pattern, Regex Regex)> _custom;
    private readonly Regex? _denyList;
    private readonly HashSet<string> _allowList;

    /// <summary>A scanner with the given options (the defaults when null); build once and share: it is thread-safe.</summary>
    public PiiScanner(PiiScannerOptions? options = null)
    {
        _options = options ?? new PiiScannerOptions();
        _recognizers =
        [
            new EmailRecognizer(), new CreditCardRecognizer(), new IbanRecognizer(), new UsSsnRecognizer(), new IpAddressRecognizer(),
            new PhoneRecognizer(_options.PhoneRegions), new UrlRecognizer(), new CryptoWalletRecognizer(), new DateOfBirthRecognizer(),
            // Names and places only when asked for by kind: gazetteer matches in every prompt would redact "the weather in Paris".
            .. _options.Entities?.Contains("PERSON") == true ? [new PersonRecognizer()] : Array.Empty<IPiiRecognizer>(),
            .. _options.Entities?.Contains("LOCATION") == true ? [new LocationRecognizer()] : Array.Empty<IPiiRecognizer>(),
        ];
        _custom = [.. _options.CustomPatterns.Select(p => (p, new Regex(p.Pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)))];
        _denyList = _options.DenyList.Count == 0 ? null
            : new Regex($@"\b(?:{string.Join('|', _options.DenyList.Select(Regex.Escape))})\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        _allowList = new HashSet<string>(_options.AllowList, StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public string Name => "pii";

    /// <inheritdoc />
    public IReadOnlyList<Finding> Scan(string text)
    {
        // Loops, not LINQ: a streamed answer is scanned once per chunk, and each closure would be garbage per chunk.
        List<PiiCandidate>? candidates = null;
        foreach (var recognizer in _recognizers)
        {
            if (!recognizer.MayOccurIn(text))
            {
                continue;
            }
            foreach (var candidate in recognizer.Recognize(text))
            {
                var boosted = ContextWords.Near(text, candidate.Start, candidate.Length, recognizer.ContextWords)
                    ? candidate with { Score = Math.Min(1.0, candidate.Score + ContextWords.Boost) }
                    : candidate;
                (candidates ??= []).Add(boosted);
            }
        }
        foreach (var (pattern, regex) in _custom)
        {
            foreach (Match match in regex.Matches(text))
            {
                (candidates ??= []).Add(new PiiCandidate(pattern.Kind, match.Index, match.Length, pattern.Score));
            }
        }
        if (_denyList is not null)
        {
            foreach (Match match in _denyList.Matches(text))
            {
                (candidates ??= []).Add(new PiiCandidate("DENY_LIST", match.Index, match.Length, 1.0));
            }
        }
        // Most text has no candidate at all (a streamed answer is scanned a few words at a time): skip the ranking.
        return candidates is null ? [] : Rank(candidates, text);
    }

    // In a method of its own: its lambdas capture the text, and a closure over a parameter is made on entry to the method.
    private IReadOnlyList<Finding> Rank(List<PiiCandidate> candidates, string text)
    {
        var kept = candidates
            .Where(c => c.Score >= _options.ScoreThreshold && (_options.Entities is null || _options.Entities.Contains(c.Kind)))
            .Where(c => _allowList.Count == 0 || !_allowList.Contains(text.Substring(c.Start, c.Length)))
            .Select(c => new Finding(c.Kind, Name, c.Start, c.Length, c.Score, GuardAction.Redact));
        return FindingOverlaps.KeepBest(kept);
    }
}
