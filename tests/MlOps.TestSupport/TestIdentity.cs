using System.Net.Http.Headers;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.TestSupport;

/// <summary>
/// Stands in for the gateway as the tests' token issuer: one ES256 key per test run, whose JWKS every service under test
/// trusts (<see cref="ServiceFactory{TEntryPoint}"/> configures it). Tokens are real and verified by the real validator.
/// </summary>
public static class TestIdentity
{
    public static PlatformSigningKeys Keys { get; } = PlatformSigningKeys.FromPem([PlatformSigningKeys.NewPem()]);

    public static PlatformTokenIssuer Issuer { get; } = new(Keys, TimeProvider.System);

    /// <summary>The scraper's credential every service under test is given for /metrics.</summary>
    public const string MetricsCredential = "test-metrics-credential";

    /// <summary>A token for a tenant's key with the given scopes (admin when none are given).</summary>
    public static string Token(string tenant, params string[] scopes) =>
        Issuer.Issue(tenant, "key-" + tenant, scopes.Length == 0 ? [PlatformScopes.Admin] : scopes, TimeSpan.FromHours(1));

    /// <summary>Sends the client's requests as a tenant's key holding the scopes (admin when none are given), as the gateway would.</summary>
    public static HttpClient Authorize(this HttpClient client, string tenant, params string[] scopes)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(tenant, scopes));
        return client;
    }
}
