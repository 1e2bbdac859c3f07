using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Secrets;

/// <summary>
/// Credentials in text: the documented formats of AWS, GitHub, Slack, Stripe, OpenAI and Google keys, private-key
/// blocks, JWTs whose header decodes to JSON with an "alg", and high-entropy tokens (after a credential word such as
/// "token" or "password", or long and very random on their own).
/// </summary>
public sealed partial class SecretScanner : IScanner
{
    private const double EntropyNearKeyword = 3.5;
    private const double EntropyAlone = 4.5;
    private const int MinTokenLengthAlone = 32;

    /// <inheritdoc />
    public string Name => "secrets";

    /// <inheritdoc />
    public IReadOnlyList<Finding> Scan(string text)
    {
        if (!MayContainSecret(text))
        {
            return [];
        }
        var findings = new List<Finding>();
        foreach (var pattern in SecretPatterns.All)
        {
            foreach (Match match in pattern.Pattern.Matches(text))
            {
                var secret = match.Groups["secret"] is { Success: true } group ? group : match;
                findings.Add(new Finding(pattern.Kind, Name, secret.Index, secret.Length, pattern.Score, GuardAction.Redact));
            }
        }
        foreach (Match match in Jwt().Matches(text))
        {
            if (IsJwtHeader(match.Value[..match.Value.IndexOf('.', StringComparison.Ordinal)]))
            {
                findings.Add(new Finding("JWT", Name, match.Index, match.Length, 0.95, GuardAction.Redact));
            }
        }
        foreach (var (index, length) in TokenRuns(text))
        {
            var token = text.Substring(index, length);
            if (!token.Any(char.IsAsciiDigit) || !token.Any(char.IsAsciiLetter))
            {
                continue;
            }
            var entropy = ShannonEntropy(token);
            var keyword = Keyword().IsMatch(text.AsSpan(Math.Max(0, index - 30), Math.Min(30, index)));
            if ((keyword && entropy >= EntropyNearKeyword) || (token.Length >= MinTokenLengthAlone && entropy >= EntropyAlone))
            {
                findings.Add(new Finding("HIGH_ENTROPY_TOKEN", Name, index, length, keyword ? 0.8 : 0.6, GuardAction.Redact));
            }
        }
        return FindingOverlaps.KeepBest(findings);
    }

    /// <summary>
    /// Whether the text has what every secret here needs: a run of at least <see cref="ShortestSecretRun"/> token characters
    /// (the shortest format, a Slack token, has 15; keys, tokens and webhooks are longer), a JWT's "eyJ" or a key block's
    /// "-----BEGIN". Most prose has none, and a vectorized search is far cheaper than trying every pattern.
    /// </summary>
    public static bool MayContainSecret(string text)
    {
        if (text.Contains("eyJ", StringComparison.Ordinal) || text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return true;
        }
        var rest = text.AsSpan();
        while (rest.IndexOfAny(TokenCharacters) is var start and >= 0)
        {
            rest = rest[start..];
            var end = rest.IndexOfAnyExcept(TokenCharacters);
            if ((end < 0 ? rest.Length : end) >= ShortestSecretRun)
            {
                return true;
            }
            if (end < 0)
            {
                break;
            }
            rest = rest[end..];
        }
        return false;
    }

    /// <summary>The fewest consecutive token characters any secret format here has.</summary>
    public const int ShortestSecretRun = 15;

    /// <summary>Bits per character of the token's own character distribution.</summary>
    public static double ShannonEntropy(string token)
    {
        var entropy = 0.0;
        foreach (var group in token.GroupBy(c => c))
        {
            var p = (double)group.Count() / token.Length;
            entropy -= p * Math.Log2(p);
        }
        return entropy;
    }

    private static bool IsJwtHeader(string encoded)
    {
        try
        {
            var padded = encoded.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            using var header = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded)));
            return header.RootElement.ValueKind == JsonValueKind.Object && header.RootElement.TryGetProperty("alg", out _);
        }
        catch (Exception error) when (error is FormatException or JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}(?![A-Za-z0-9_-])")]
    private static partial Regex Jwt();

    private static readonly SearchValues<char> TokenCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-");

    // Runs of token characters 20 to 512 long, found with vectorized searches rather than a pattern tried at every letter.
    private static IEnumerable<(int Index, int Length)> TokenRuns(string text)
    {
        var position = 0;
        while (position < text.Length)
        {
            var start = text.AsSpan(position).IndexOfAny(TokenCharacters);
            if (start < 0)
            {
                yield break;
            }
            start += position;
            var end = text.AsSpan(start).IndexOfAnyExcept(TokenCharacters);
            var length = end < 0 ? text.Length - start : end;
            if (length is >= 20 and <= 512)
            {
                yield return (start, length);
            }
            position = start + length;
        }
    }

    [GeneratedRegex(@"(?i)(?:key|token|secret|passw(?:or)?d|pwd|auth|bearer|credential|apikey|api_key)\W{0,6}\S{0,12}$")]
    private static partial Regex Keyword();
}
