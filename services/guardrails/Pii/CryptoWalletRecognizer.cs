using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>Crypto wallet addresses: Bitcoin legacy (Base58Check) and SegWit (Bech32) with valid checksums, Ethereum (0x + 40 hex).</summary>
public sealed partial class CryptoWalletRecognizer : IPiiRecognizer
{
    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["wallet", "btc", "bitcoin", "eth", "ethereum", "crypto", "address", "send"];

    // Every address has a digit: a leading 1 or 3, bc1, or 0x.
    /// <inheritdoc />
    public bool MayOccurIn(string text) => Triggers.HasDigit(text);

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        // Matches are enumerated without a collection: most texts with a digit have no address.
        List<PiiCandidate>? found = null;
        foreach (var match in Bitcoin().EnumerateMatches(text))
        {
            var value = text.Substring(match.Index, match.Length);
            var valid = value.StartsWith("bc1", StringComparison.OrdinalIgnoreCase)
                ? Checksums.Bech32(value.ToLowerInvariant())
                : Checksums.Base58Check(value);
            if (valid)
            {
                (found ??= []).Add(new PiiCandidate("CRYPTO", match.Index, match.Length, 1.0));
            }
        }
        foreach (var match in Ethereum().EnumerateMatches(text))
        {
            (found ??= []).Add(new PiiCandidate("CRYPTO", match.Index, match.Length, 0.8));
        }
        return found ?? [];
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:[13][a-km-zA-HJ-NP-Z1-9]{25,34}|[bB][cC]1[ac-hj-np-zAC-HJ-NP-Z02-9]{11,71})(?![A-Za-z0-9])")]
    private static partial Regex Bitcoin();

    [GeneratedRegex(@"(?<![A-Za-z0-9])0x[a-fA-F0-9]{40}(?![A-Za-z0-9])")]
    private static partial Regex Ethereum();
}
