using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MlOps.Gateway.Tests;

/// <summary>Checks a forwarded token the way a service must: against the gateway's published JWKS, issuer and audience.</summary>
public static class SignedIdentity
{
    public static async Task<JsonWebToken> VerifyAsync(string token, string jwks)
    {
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "mlops-gateway",
            ValidAudience = "mlops-services",
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }
}
