using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>IPv4 (four octets up to 255) and IPv6 addresses (anything the runtime parses as one, with at least two colons).</summary>
public sealed partial class IpAddressRecognizer : IPiiRecognizer
{
    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["ip", "ipv4", "ipv6", "address", "host", "server", "client"];

    // IPv4 has digits and dots; IPv6 has colons.
    /// <inheritdoc />
    public bool MayOccurIn(string text) => (Triggers.HasDigit(text) && text.Contains('.', StringComparison.Ordinal)) || text.Contains(':', StringComparison.Ordinal);

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        // Matches are enumerated without a collection or strings: most texts with digits and dots have no address.
        List<PiiCandidate>? found = null;
        foreach (var match in V4().EnumerateMatches(text))
        {
            if (OctetsValid(text.AsSpan(match.Index, match.Length)))
            {
                (found ??= []).Add(new PiiCandidate("IP_ADDRESS", match.Index, match.Length, 0.6));
            }
        }
        if (!text.Contains(':', StringComparison.Ordinal))
        {
            return found ?? [];
        }
        return found is null ? V6Candidates(text) : found.Concat(V6Candidates(text));
    }

    // Each octet is one digit, or has no leading zero and is at most 255.
    private static bool OctetsValid(ReadOnlySpan<char> address)
    {
        foreach (var range in address.Split('.'))
        {
            var octet = address[range];
            if (octet.Length > 1 && (octet[0] == '0' || int.Parse(octet, provider: System.Globalization.CultureInfo.InvariantCulture) > 255))
            {
                return false;
            }
        }
        return true;
    }

    private static IEnumerable<PiiCandidate> V6Candidates(string text)
    {
        // IPv6 is only looked for around colons that touch a hex digit or another colon: its pattern would otherwise try every letter a–f.
        HashSet<int>? seen = null;
        for (var colon = text.IndexOf(':', StringComparison.Ordinal); colon >= 0; colon = text.IndexOf(':', colon + 1))
        {
            var before = colon > 0 && (char.IsAsciiHexDigit(text[colon - 1]) || text[colon - 1] == ':');
            var after = colon + 1 < text.Length && (char.IsAsciiHexDigit(text[colon + 1]) || text[colon + 1] == ':');
            if (!before || !after)
            {
                continue;
            }
            var from = Math.Max(0, colon - 40);
            var window = text.Substring(from, Math.Min(text.Length, colon + 40) - from);
            foreach (Match match in V6().Matches(window))
            {
                var start = from + match.Index;
                var clean = (start == 0 || !IsAddressChar(text[start - 1])) && (start + match.Length >= text.Length || !IsAddressChar(text[start + match.Length]));
                if (clean && (seen ??= []).Add(start) && match.Value.Count(c => c == ':') >= 2 && IPAddress.TryParse(match.Value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    yield return new PiiCandidate("IP_ADDRESS", start, match.Length, 0.6);
                }
            }
        }
    }

    private static bool IsAddressChar(char c) => char.IsLetterOrDigit(c) || c is '_' or ':';

    [GeneratedRegex(@"(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9.]*[0-9])")]
    private static partial Regex V4();

    [GeneratedRegex(@"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|:){1,7}(?::|:?[0-9A-Fa-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})(?![\w:])")]
    private static partial Regex V6();
}
