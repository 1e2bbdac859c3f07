using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>Signs the platform's short-lived identity tokens (the gateway's job; tests sign with their own key).</summary>
public sealed class PlatformTokenIssuer(PlatformSigningKeys keys, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Issue(string tenant, string subject, IEnumerable<string> scopes, TimeSpan lifetime, string? inputGuard = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [PlatformClaims.Subject] = subject,
            [PlatformClaims.Tenant] = tenant,
            [PlatformClaims.Scope] = string.Join(' ', scopes),
        };
        if (inputGuard is not null)
        {
            claims[PlatformClaims.InputGuard] = inputGuard;
        }
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = PlatformClaims.Issuer,
            Audience = PlatformClaims.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = keys.Signing,
            Claims = claims,
        });
    }
}
