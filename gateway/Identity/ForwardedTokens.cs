using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Gateway.Identity;

/// <summary>
/// The token forwarded for an API key: signed once and reused until half its life is gone, so signing (about 50 µs)
/// happens once per key every few minutes rather than on every request.
/// </summary>
public sealed class ForwardedTokens(PlatformTokenIssuer issuer, IOptions<GatewayIdentityOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Renew)> _tokens = new(StringComparer.Ordinal);

    public string For(string keyId, string tenant, IReadOnlyCollection<string> scopes)
    {
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(keyId, out var cached) && cached.Renew > now)
        {
            return cached.Token;
        }
        var lifetime = options.Value.TokenLifetime;
        var token = issuer.Issue(tenant, keyId, scopes, lifetime);
        if (_tokens.Count >= options.Value.ForwardedTokenCacheSize)
        {
            _tokens.Clear();
        }
        _tokens[keyId] = (token, now + lifetime / 2);
        return token;
    }
}
