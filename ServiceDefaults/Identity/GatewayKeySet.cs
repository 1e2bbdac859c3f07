using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>
/// The gateway's public keys as this service knows them: the configured JWKS, plus what <see cref="IdentityOptions.JwksUrl"/>
/// answers. An unknown key id (a rotation, or the first token a replica sees) makes it ask the URL again, at most every
/// <see cref="RefreshSpacing"/>; a caller that waited while another fetched is told to look again.
/// </summary>
public sealed class GatewayKeySet(IOptions<IdentityOptions> options, IHttpClientFactory httpClients, TimeProvider time)
{
    public const string HttpClientName = "mlops-jwks";
    private static readonly TimeSpan RefreshSpacing = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly IReadOnlyList<SecurityKey> _configured = Parse(options.Value.Jwks);
    private IReadOnlyList<SecurityKey> _fetched = [];
    private DateTimeOffset _lastFetch = DateTimeOffset.MinValue;
    private int _generation;

    public IEnumerable<SecurityKey> Keys => _configured.Concat(Volatile.Read(ref _fetched));

    /// <summary>Counts the fetches that changed the key set; a caller reads it before it tries the keys.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// Asks the JWKS URL again unless it was asked moments ago; true when the key set changed since the caller read
    /// <paramref name="seenGeneration"/>, by this fetch or by one that finished while the caller waited.
    /// </summary>
    public async Task<bool> RefreshAsync(int seenGeneration, CancellationToken cancellationToken)
    {
        if (options.Value.JwksUrl is not { } url)
        {
            return false;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Two first requests at once: the second waited here while the first fetched the key it lacks.
            if (_generation != seenGeneration)
            {
                return true;
            }
            if (time.GetUtcNow() - _lastFetch < RefreshSpacing)
            {
                return false;
            }
            _lastFetch = time.GetUtcNow();
            var document = await httpClients.CreateClient(HttpClientName).GetStringAsync(url, cancellationToken);
            var keys = Parse(document);
            var changed = keys.Select(k => k.KeyId).Order().SequenceEqual(_fetched.Select(k => k.KeyId).Order()) is false;
            if (changed)
            {
                Volatile.Write(ref _fetched, keys);
                Volatile.Write(ref _generation, _generation + 1);
            }
            return changed;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private static IReadOnlyList<SecurityKey> Parse(string? jwks) =>
        string.IsNullOrWhiteSpace(jwks) ? [] : new JsonWebKeySet(jwks).GetSigningKeys().ToArray();
}
