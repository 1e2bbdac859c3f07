using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Gateway.Identity;

/// <summary>The gateway's own service identity (service:gateway): it holds the signing key, so it signs its tokens itself.</summary>
public sealed class GatewayServiceTokens(PlatformTokenIssuer issuer, IOptions<GatewayIdentityOptions> options) : IServiceTokenSource
{
    public ValueTask<string> GetTokenAsync(string tenant, CancellationToken cancellationToken) =>
        ValueTask.FromResult(issuer.Issue(tenant, PlatformClaims.ServiceSubjectPrefix + ServiceIdentities.Gateway,
            ServiceIdentities.ScopesOf(ServiceIdentities.Gateway)!, options.Value.TokenLifetime));
}
