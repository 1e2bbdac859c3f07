using MlOps.ServiceDefaults.Identity;

namespace MlOps.TestSupport;

/// <summary>A service's own identity in tests: what the gateway's token endpoint would sign for it, signed by the test key.</summary>
public sealed class TestServiceTokens(ServiceScopePrefix service) : IServiceTokenSource
{
    public ValueTask<string> GetTokenAsync(string tenant, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TestIdentity.Issuer.Issue(tenant, PlatformClaims.ServiceSubjectPrefix + service.Value,
            ServiceIdentities.ScopesOf(service.Value) ?? [], TimeSpan.FromMinutes(5)));
}
