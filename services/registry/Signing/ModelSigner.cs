using System.Text;
using NSec.Cryptography;

namespace MlOps.Registry.Signing;

/// <summary>
/// Signs a model version's identity and artifact digest with the registry's Ed25519 key. Anyone holding the published
/// public key can check that an artifact is the one the registry accepted for that tenant, model and version.
/// </summary>
public sealed class ModelSigner
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private Key? _key;

    public Guid KeyId { get; private set; }

    public byte[] PublicKey { get; private set; } = [];

    public void Load(Guid keyId, byte[] privateKey)
    {
        _key = Key.Import(Algorithm, privateKey, KeyBlobFormat.RawPrivateKey);
        KeyId = keyId;
        PublicKey = _key.Export(KeyBlobFormat.RawPublicKey);
    }

    public static (byte[] PrivateKey, byte[] PublicKey) CreateKeyPair()
    {
        using var key = Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return (key.Export(KeyBlobFormat.RawPrivateKey), key.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The exact bytes that are signed; verifiers rebuild them from the version's fields.</summary>
    public static byte[] Payload(string tenant, string model, int version, string digest) =>
        Encoding.UTF8.GetBytes($"mlops.model.v1|{tenant}|{model}|{version}|sha256:{digest}");

    public string Sign(string tenant, string model, int version, string digest) =>
        Convert.ToBase64String(Algorithm.Sign(_key ?? throw new InvalidOperationException("The signing key is not loaded."), Payload(tenant, model, version, digest)));

    public static bool Verify(byte[] publicKey, string tenant, string model, int version, string digest, string signature)
    {
        try
        {
            var key = NSec.Cryptography.PublicKey.Import(Algorithm, publicKey, KeyBlobFormat.RawPublicKey);
            return Algorithm.Verify(key, Payload(tenant, model, version, digest), Convert.FromBase64String(signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
