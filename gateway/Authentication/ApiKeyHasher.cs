using System.Security.Cryptography;
using System.Text;

namespace MlOps.Gateway.Authentication;

/// <summary>Keys are 256-bit random secrets, so one SHA-256 is enough at rest (no password stretching needed).</summary>
public static class ApiKeyHasher
{
    private const string Prefix = "mlk_";

    public static string NewKey() => Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Enough of the key to recognise it in a list, too little to guess the rest.</summary>
    public static string DisplayPrefix(string key) => key.Length <= 12 ? key[..Math.Min(4, key.Length)] : key[..12];

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
