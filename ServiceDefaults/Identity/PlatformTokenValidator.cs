using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>
/// Verifies a gateway token (ES256 signature by a known key, issuer, audience, lifetime) and remembers what it verified until
/// the token expires, so a caller's repeated token costs a dictionary look-up.
/// </summary>
public sealed class PlatformTokenValidator
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly GatewayKeySet _keys;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _options;
    private readonly TokenValidationParameters _parameters;
    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep;

    public PlatformTokenValidator(GatewayKeySet keys, IOptions<IdentityOptions> options, TimeProvider time)
    {
        _keys = keys;
        _time = time;
        _options = options.Value;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = PlatformClaims.Issuer,
            ValidAudience = PlatformClaims.Audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = _options.ClockSkew,
            LifetimeValidator = ValidLifetime,
            IssuerSigningKeyResolver = (_, _, kid, _) => _keys.Keys.Where(k => k.KeyId == kid),
        };
    }

    /// <summary>The caller the token proves, or null with the reason.</summary>
    public async ValueTask<(CallerIdentity? Caller, string? Error)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_validated.TryGetValue(token, out var cached) && cached.Expires > now)
        {
            return (cached.Caller, null);
        }
        var generation = _keys.Generation;
        var result = await Handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException && await _keys.RefreshAsync(generation, cancellationToken))
        {
            result = await Handler.ValidateTokenAsync(token, _parameters);
        }
        if (!result.IsValid)
        {
            return (null, Describe(result.Exception));
        }
        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>(PlatformClaims.Tenant, out var tenant) || string.IsNullOrEmpty(tenant)
            || !jwt.TryGetPayloadValue<string>(PlatformClaims.Subject, out var subject) || string.IsNullOrEmpty(subject))
        {
            return (null, "the token names no tenant or subject");
        }
        jwt.TryGetPayloadValue<string>(PlatformClaims.Scope, out var scope);
        var caller = new CallerIdentity(tenant, subject,
            (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal))
        {
            Token = token,
            InputGuard = jwt.TryGetPayloadValue<string>(PlatformClaims.InputGuard, out var inputGuard) ? inputGuard : null,
        };
        Remember(token, caller, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), now);
        return (caller, null);
    }

    private void Remember(string token, CallerIdentity caller, DateTimeOffset expires, DateTimeOffset now)
    {
        if (_validated.Count >= _options.ValidatedTokenCacheSize)
        {
            // A full cache is swept at most once a second, so a stream of new tokens does not scan it on every request.
            if (now < _nextSweep)
            {
                return;
            }
            _nextSweep = now.AddSeconds(1);
            foreach (var (key, entry) in _validated)
            {
                if (entry.Expires <= now)
                {
                    _validated.TryRemove(key, out _);
                }
            }
            if (_validated.Count >= _options.ValidatedTokenCacheSize)
            {
                return;
            }
        }
        _validated[token] = new Validated(caller, expires);
    }

    private bool ValidLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return expires is { } end && end.ToUniversalTime() + _options.ClockSkew > now
            && (notBefore is not { } start || start.ToUniversalTime() - _options.ClockSkew <= now);
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException => "the token is signed by a key the gateway does not publish",
        SecurityTokenInvalidSignatureException => "the token's signature does not verify",
        SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => "the token has expired",
        SecurityTokenInvalidIssuerException => "the token is not the gateway's",
        SecurityTokenInvalidAudienceException => "the token is not meant for the platform's services",
        SecurityTokenInvalidAlgorithmException => "the token is not signed with ES256",
        _ => "the token is malformed",
    };

    private sealed record Validated(CallerIdentity Caller, DateTimeOffset Expires);
}
