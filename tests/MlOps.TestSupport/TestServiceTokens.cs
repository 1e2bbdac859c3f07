using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.TestSupport;

/// <summary>
/// A service's own identity in tests: what the gateway's token endpoint would sign for it, signed by the test key. The
/// service is named by MlOps:Identity:ServiceName when a test sets it (as the AppHost does), else by its scope prefix.
/// </summary>
public sealed class TestServiceTokens(ServiceScopePrefix service, IOptions<IdentityOptions> options) : IServiceTokenSource
{
    public ValueTask<string> GetTokenAsync(string tenant, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrEmpty(options.Value.ServiceName) ? service.Value : options.Value.ServiceName;
        return ValueTask.FromResult(TestIdentity.Issuer.Issue(tenant, PlatformClaims.ServiceSubjectPrefix + name,
            ServiceIdentities.ScopesOf(name) ?? [], TimeSpan.FromMinutes(5)));
    }
}
