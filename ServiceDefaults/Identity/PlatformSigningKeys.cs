using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>
/// The gateway's ES256 signing keys: the first signs, all are published (so tokens signed before a rotation still verify).
/// Key ids are RFC 7638 thumbprints.
/// </summary>
public sealed class PlatformSigningKeys
{
    public PlatformSigningKeys(IEnumerable<ECDsa> keys)
    {
        Keys = keys.Select(ToSecurityKey).ToArray();
        if (Keys.Count == 0)
        {
            throw new ArgumentException("At least one signing key is required.", nameof(keys));
        }
        Signing = new SigningCredentials(Keys[0], SecurityAlgorithms.EcdsaSha256);
        Jwks = JsonSerializer.Serialize(new { keys = Keys.Select(PublicJwk).ToArray() });
    }

    public IReadOnlyList<ECDsaSecurityKey> Keys { get; }

    public SigningCredentials Signing { get; }

    /// <summary>The public keys as a JWKS document.</summary>
    public string Jwks { get; }

    /// <summary>Keys from PEM texts (PKCS#8 or SEC1 private keys), first the active one.</summary>
    public static PlatformSigningKeys FromPem(IEnumerable<string> pems) => new(pems.Select(pem =>
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return key;
    }));

    /// <summary>A new P-256 key as PKCS#8 PEM, for the AppHost and tests.</summary>
    public static string NewPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static ECDsaSecurityKey ToSecurityKey(ECDsa key)
    {
        if (key.KeySize != 256)
        {
            throw new ArgumentException("Signing keys must be P-256 (ES256).");
        }
        var securityKey = new ECDsaSecurityKey(key);
        securityKey.KeyId = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(securityKey).ComputeJwkThumbprint());
        return securityKey;
    }

    private static object PublicJwk(ECDsaSecurityKey key)
    {
        var parameters = key.ECDsa.ExportParameters(includePrivateParameters: false);
        return new
        {
            kty = "EC",
            crv = "P-256",
            x = Base64UrlEncoder.Encode(parameters.Q.X),
            y = Base64UrlEncoder.Encode(parameters.Q.Y),
            kid = key.KeyId,
            use = "sig",
            alg = "ES256",
        };
    }
}
