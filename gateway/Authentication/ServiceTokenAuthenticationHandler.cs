using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Gateway.Authentication;

/// <summary>
/// Authenticates a platform service by the token this gateway signed for it (client credentials), for the few gateway routes a
/// service may call (a runbook blocking a virtual key); the edge routes keep taking API keys only.
/// </summary>
public sealed class ServiceTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PlatformSigningKeys keys,
    IProblemDetailsService problemDetails) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ServiceToken";
    private static readonly JsonWebTokenHandler Tokens = new() { MapInboundClaims = false };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // API keys have no dots; a JWT has two.
        if (BearerToken.Read(Request) is not { } token || token.Count(c => c == '.') != 2)
        {
            return AuthenticateResult.NoResult();
        }
        var result = await Tokens.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = PlatformClaims.Issuer,
            ValidAudience = PlatformClaims.Audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            IssuerSigningKeys = keys.Keys,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt
            || !jwt.TryGetPayloadValue<string>(PlatformClaims.Subject, out var subject) || !subject.StartsWith(PlatformClaims.ServiceSubjectPrefix, StringComparison.Ordinal)
            || !jwt.TryGetPayloadValue<string>(PlatformClaims.Tenant, out var tenant) || string.IsNullOrEmpty(tenant))
        {
            return AuthenticateResult.Fail("The service token is invalid or expired.");
        }
        jwt.TryGetPayloadValue<string>(PlatformClaims.Scope, out var scope);
        Claim[] claims =
        [
            new(GatewayClaims.Tenant, tenant),
            new(ClaimTypes.Name, subject),
            .. (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(GatewayClaims.Scope, s)),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    // The API key scheme, challenged first under the same policy, has answered already.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Response.HasStarted)
        {
            return Task.CompletedTask;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        return problemDetails.WriteProblemAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", "Send an API key or a service token.").AsTask();
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Response.HasStarted ? Task.CompletedTask :
        problemDetails.WriteProblemAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "The credential does not have the scope this endpoint requires.").AsTask();
}
