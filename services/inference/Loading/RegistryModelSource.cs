using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;
using NSec.Cryptography;

namespace MlOps.Inference.Loading;

/// <summary>
/// Resolves aliases and fetches artifacts from the registry, and proves each artifact before it is loaded: its sha256 must
/// be the registered digest and the registry's Ed25519 signature over tenant, model, version and digest must verify.
/// </summary>
public sealed class RegistryModelSource(HttpClient http, IOptions<InferenceOptions> options)
{
    private static readonly SemaphoreSlim KeyLock = new(1, 1);
    private static (Guid KeyId, PublicKey Key)? s_fetchedKey;

    public async Task<RegistryVersion?> ResolveAsync(string tenant, string model, string alias, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Get($"models/{model}/aliases/{alias}", tenant), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<RegistryVersion>(cancellationToken);
    }

    public async Task<RegistryVersion> GetVersionAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Get($"models/{model}/versions/{version}", tenant), cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RegistryVersion>(cancellationToken))!;
    }

    /// <summary>The verified artifact's path in the local cache, downloading it when the cached copy is missing or wrong.</summary>
    public async Task<string> FetchVerifiedAsync(string tenant, RegistryVersion version, CancellationToken cancellationToken)
    {
        await VerifySignatureAsync(tenant, version, cancellationToken);
        var cache = options.Value.ModelCache;
        Directory.CreateDirectory(cache);
        var path = Path.Combine(cache, version.ArtifactDigest + ".onnx");
        if (File.Exists(path) && await DigestOfAsync(path, cancellationToken) == version.ArtifactDigest)
        {
            return path;
        }
        var partial = path + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            using (var response = await http.SendAsync(Get($"models/{version.Model}/versions/{version.Version}/artifact", tenant), HttpCompletionOption.ResponseHeadersRead, cancellationToken))
            {
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    throw new ArtifactRefusedException($"the registry refused to serve version {version.Version}: its stored artifact no longer matches sha256 {version.ArtifactDigest}");
                }
                response.EnsureSuccessStatusCode();
                await using var file = File.Create(partial);
                await response.Content.CopyToAsync(file, cancellationToken);
            }
            var digest = await DigestOfAsync(partial, cancellationToken);
            if (digest != version.ArtifactDigest)
            {
                throw new ArtifactRefusedException($"the downloaded artifact of version {version.Version} has sha256 {digest}, not the registered {version.ArtifactDigest}");
            }
            File.Move(partial, path, overwrite: true);
            return path;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private async Task VerifySignatureAsync(string tenant, RegistryVersion version, CancellationToken cancellationToken)
    {
        var key = await SigningKeyAsync(tenant, version.SigningKeyId, cancellationToken);
        var payload = Encoding.UTF8.GetBytes($"mlops.model.v1|{tenant}|{version.Model}|{version.Version}|sha256:{version.ArtifactDigest}");
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(version.Signature);
        }
        catch (FormatException)
        {
            throw new ArtifactRefusedException($"version {version.Version} carries a malformed signature");
        }
        if (!SignatureAlgorithm.Ed25519.Verify(key, payload, signature))
        {
            throw new ArtifactRefusedException($"the signature of version {version.Version} (sha256 {version.ArtifactDigest}) does not verify with the registry's key");
        }
    }

    private async Task<PublicKey> SigningKeyAsync(string tenant, Guid keyId, CancellationToken cancellationToken)
    {
        if (options.Value.SigningPublicKey is { Length: > 0 } pinned)
        {
            return PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromBase64String(pinned), KeyBlobFormat.RawPublicKey);
        }
        await KeyLock.WaitAsync(cancellationToken);
        try
        {
            if (s_fetchedKey is not { } known || known.KeyId != keyId)
            {
                using var answer = await http.SendAsync(Get("signing-key", tenant), cancellationToken);
                answer.EnsureSuccessStatusCode();
                var response = await answer.Content.ReadFromJsonAsync<SigningKey>(cancellationToken);
                s_fetchedKey = (response!.KeyId, PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromBase64String(response.PublicKey), KeyBlobFormat.RawPublicKey));
            }
            if (s_fetchedKey.Value.KeyId != keyId)
            {
                throw new ArtifactRefusedException($"the version is signed with key {keyId}, not the registry's key {s_fetchedKey.Value.KeyId}");
            }
            return s_fetchedKey.Value.Key;
        }
        finally
        {
            KeyLock.Release();
        }
    }

    private static async Task<string> DigestOfAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    private static HttpRequestMessage Get(string path, string tenant)
    {
        return new HttpRequestMessage(HttpMethod.Get, path).AsService(tenant);
    }

    private sealed record SigningKey(Guid KeyId, string PublicKey);
}
