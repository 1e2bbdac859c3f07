using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>IPv4 (four octets up to 255) and IPv6 addresses (anything the runtime parses as one, with at least two colons).</summary>
public sealed partial class IpAddressRecognizer : IPiiRecognizer
{
    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["ip", "ipv4", "ipv6", "address", "host", "server", "client"];

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        foreach (Match match in V4().Matches(text))
        {
            if (match.Value.Split('.').All(o => o.Length == 1 || (o[0] != '0' && int.Parse(o, System.Globalization.CultureInfo.InvariantCulture) <= 255)))
            {
                yield return new PiiCandidate("IP_ADDRESS", match.Index, match.Length, 0.6);
            }
        }
        foreach (Match match in V6().Matches(text))
        {
            if (match.Value.Count(c => c == ':') >= 2 && IPAddress.TryParse(match.Value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                yield return new PiiCandidate("IP_ADDRESS", match.Index, match.Length, 0.6);
            }
        }
    }

    [GeneratedRegex(@"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)")]
    private static partial Regex V4();

    [GeneratedRegex(@"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|:){1,7}(?::|:?[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})(?![\w:])")]
    private static partial Regex V6();
}
