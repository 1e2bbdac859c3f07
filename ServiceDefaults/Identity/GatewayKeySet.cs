using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>
/// The gateway's public keys as this service knows them: the configured JWKS, plus what <see cref="IdentityOptions.JwksUrl"/>
/// answers. An unknown key id (a rotation) makes it ask the URL again, at most every <see cref="RefreshSpacing"/>.
/// </summary>
public sealed class GatewayKeySet(IOptions<IdentityOptions> options, IHttpClientFactory httpClients, TimeProvider time)
{
    public const string HttpClientName = "mlops-jwks";
    private static readonly TimeSpan RefreshSpacing = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly IReadOnlyList<SecurityKey> _configured = Parse(options.Value.Jwks);
    private IReadOnlyList<SecurityKey> _fetched = [];
    private DateTimeOffset _lastFetch = DateTimeOffset.MinValue;

    public IEnumerable<SecurityKey> Keys => _configured.Concat(_fetched);

    /// <summary>Asks the JWKS URL again unless it was asked moments ago; true when the key set changed.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (options.Value.JwksUrl is not { } url || time.GetUtcNow() - _lastFetch < RefreshSpacing)
        {
            return false;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (time.GetUtcNow() - _lastFetch < RefreshSpacing)
            {
                return false;
            }
            _lastFetch = time.GetUtcNow();
            var document = await httpClients.CreateClient(HttpClientName).GetStringAsync(url, cancellationToken);
            var keys = Parse(document);
            var changed = keys.Select(k => k.KeyId).Order().SequenceEqual(_fetched.Select(k => k.KeyId).Order()) is false;
            _fetched = keys;
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
