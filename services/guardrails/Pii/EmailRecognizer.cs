using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>E-mail addresses: a local part, @, a dotted domain with a 2+ letter top-level label. Found from each '@' outwards, so prose without one costs a vectorized search.</summary>
public sealed partial class EmailRecognizer : IPiiRecognizer
{
    private const int MaxLocalPart = 64;
    private const int MaxDomain = 253;

    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["email", "e-mail", "mail", "contact"];

    // Every address has an '@'.
    /// <inheritdoc />
    public bool MayOccurIn(string text) => text.Contains('@', StringComparison.Ordinal);

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        for (var at = text.IndexOf('@', StringComparison.Ordinal); at >= 0; at = text.IndexOf('@', at + 1))
        {
            var start = at;
            while (start > 0 && at - start < MaxLocalPart && IsLocalChar(text[start - 1]))
            {
                start--;
            }
            var end = at + 1;
            while (end < text.Length && end - at <= MaxDomain && IsDomainChar(text[end]))
            {
                end++;
            }
            // A sentence's full stop is not part of the domain.
            while (end > at + 1 && text[end - 1] is '.' or '-')
            {
                end--;
            }
            if (start == at || (start > 0 && text[start - 1] is '.' or '%' or '+' or '-'))
            {
                continue;
            }
            var local = text.AsSpan(start, at - start);
            var domain = text.AsSpan(at + 1, end - at - 1);
            if (local[0] != '.' && !local.Contains("..", StringComparison.Ordinal) && Domain().IsMatch(domain))
            {
                yield return new PiiCandidate("EMAIL_ADDRESS", start, end - start, 1.0);
            }
        }
    }

    private static bool IsLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsDomainChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-';

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$")]
    private static partial Regex Domain();
}
