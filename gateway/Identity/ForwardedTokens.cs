using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Gateway.Identity;

/// <summary>
/// The token forwarded for an API key: signed once and reused until half its life is gone, so signing (about 50 µs)
/// happens once per key every few minutes rather than on every request. On the LLM routes the token also carries the
/// key's input guard, so guardrail-gateway applies it (one scan); it is cached per key and guard setting.
/// </summary>
public sealed class ForwardedTokens(PlatformTokenIssuer issuer, IOptions<GatewayIdentityOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Renew)> _tokens = new(StringComparer.Ordinal);

    public string For(string keyId, string tenant, IReadOnlyCollection<string> scopes, string? inputGuard = null)
    {
        var now = time.GetUtcNow();
        var cacheKey = inputGuard is null ? keyId : keyId + "\n" + inputGuard;
        if (_tokens.TryGetValue(cacheKey, out var cached) && cached.Renew > now)
        {
            return cached.Token;
        }
        var lifetime = options.Value.TokenLifetime;
        var token = issuer.Issue(tenant, keyId, scopes, lifetime, inputGuard);
        if (_tokens.Count >= options.Value.ForwardedTokenCacheSize)
        {
            _tokens.Clear();
        }
        _tokens[cacheKey] = (token, now + lifetime / 2);
        return token;
    }
}
