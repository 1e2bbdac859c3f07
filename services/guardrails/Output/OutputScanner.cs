using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Output;

/// <summary>
/// Checks a model's answer: system-prompt leakage (the canary token, or long verbatim runs of the prompt), banned terms,
/// and links that are suspicious (IP-literal hosts, punycode, javascript:/data: schemes, credentials in the URL) or
/// outside the allowed domains. PII and secrets in answers are the PII and secret scanners' job.
/// </summary>
public sealed partial class OutputScanner : IScanner
{
    private const int LeakWords = 8;
    private readonly OutputScannerOptions _options;
    private readonly Regex? _bannedTerms;
    private readonly HashSet<string> _promptShingles;

    /// <summary>A scanner for one policy's options; build once and share.</summary>
    public OutputScanner(OutputScannerOptions options)
    {
        _options = options;
        _bannedTerms = options.BannedTerms.Count == 0 ? null
            : new Regex($@"\b(?:{string.Join('|', options.BannedTerms.Select(Regex.Escape))})\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        _promptShingles = options.SystemPrompt is { } prompt ? [.. Shingles(Words(prompt))] : [];
    }

    /// <inheritdoc />
    public string Name => "output";

    /// <inheritdoc />
    public IReadOnlyList<Finding> Scan(string text)
    {
        var findings = new List<Finding>();
        if (_options.CanaryToken is { Length: > 0 } canary)
        {
            for (var at = text.IndexOf(canary, StringComparison.Ordinal); at >= 0; at = text.IndexOf(canary, at + canary.Length, StringComparison.Ordinal))
            {
                findings.Add(new Finding("SYSTEM_PROMPT_LEAK", Name, at, canary.Length, 1.0, GuardAction.Block));
            }
        }
        if (_promptShingles.Count > 0)
        {
            var words = Words(text);
            var leaked = Shingles(words).Count(_promptShingles.Contains);
            if (leaked >= 3)
            {
                findings.Add(new Finding("SYSTEM_PROMPT_LEAK", Name, 0, text.Length, Math.Min(1.0, 0.7 + 0.05 * leaked), GuardAction.Block));
            }
        }
        if (_bannedTerms is not null)
        {
            findings.AddRange(_bannedTerms.Matches(text).Select(m => new Finding("BANNED_TERM", Name, m.Index, m.Length, 1.0, GuardAction.Block)));
        }
        foreach (Match link in Link().Matches(text))
        {
            if (Judge(link.Value) is { } kind)
            {
                findings.Add(new Finding(kind, Name, link.Index, link.Length, kind == "SUSPICIOUS_URL" ? 0.9 : 0.8, GuardAction.Redact));
            }
        }
        return findings;
    }

    private string? Judge(string link)
    {
        if (link.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || link.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return "SUSPICIOUS_URL";
        }
        if (!Uri.TryCreate(link.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "http://" + link : link, UriKind.Absolute, out var uri))
        {
            return null;
        }
        var host = uri.Host.TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(host.Trim('[', ']'), out _) || host.Split('.').Any(label => label.StartsWith("xn--", StringComparison.Ordinal)) || uri.UserInfo.Length > 0)
        {
            return "SUSPICIOUS_URL";
        }
        var allowed = _options.AllowedDomains.Count == 0 || _options.AllowedDomains.Any(d => host == d.ToLowerInvariant() || host.EndsWith("." + d.ToLowerInvariant(), StringComparison.Ordinal));
        return allowed ? null : "URL_NOT_ALLOWED";
    }

    private static List<string> Words(string text) =>
        [.. WordPattern().Matches(text.ToLower(CultureInfo.InvariantCulture)).Select(m => m.Value)];

    private static IEnumerable<string> Shingles(List<string> words) =>
        Enumerable.Range(0, Math.Max(0, words.Count - LeakWords + 1)).Select(i => string.Join(' ', words.Skip(i).Take(LeakWords)));

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?:(?:https?|ftp)://|www\.|javascript:|data:)[^\s<>""'`)\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
