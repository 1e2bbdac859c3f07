using System.Net;

namespace MlOps.Gateway.Tests;

public sealed class ProxyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task GatewayHealth_WithoutKey_Returns200()
    {
        using var client = fixture.Gateway.CreateClient(key: null);

        // Health includes the broker connection, which may still be coming up right after start (503 until then); never 401.
        var response = await MlOps.TestSupport.Eventually.WaitAsync(() => client.GetAsync("/health", TestContext.Current.CancellationToken),
            r => r.StatusCode != HttpStatusCode.ServiceUnavailable, "the gateway to report healthy", TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ServiceRoute_WithoutKey_Returns401ProblemDetailsAndNeverReachesTheService()
    {
        using var client = fixture.Gateway.CreateClient(key: null);

        var response = await client.GetAsync("/api/registry/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ServiceRoute_UnknownKey_Returns401NamingTheKeyProblem()
    {
        using var client = fixture.Gateway.CreateClient("mlk_not-a-real-key");

        var response = await client.GetAsync("/api/registry/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("unknown, expired or revoked", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ServiceRoute_ValidKey_ForwardsWithoutPrefixWithASignedIdentityAndWithoutCredentials()
    {
        using var client = fixture.Gateway.CreateClient(fixture.AdminKey);
        client.DefaultRequestHeaders.Add("X-MlOps-Tenant", "someone-else");
        client.DefaultRequestHeaders.Add("X-MlOps-Scopes", "admin everything");

        var response = await client.GetAsync("/api/registry/models?limit=5", TestContext.Current.CancellationToken);
        var jwks = await client.GetStringAsync("/.well-known/jwks.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.ReadJsonAsync();
        Assert.Equal("/models", echo.GetProperty("path").GetString());
        var headers = echo.GetProperty("headers");
        Assert.False(headers.TryGetProperty("x-mlops-tenant", out _), "a client's tenant header must not reach services");
        Assert.False(headers.TryGetProperty("x-mlops-scopes", out _), "a client's scopes header must not reach services");
        var authorization = headers.GetProperty("authorization").GetString()!;
        Assert.DoesNotContain(fixture.AdminKey, authorization, StringComparison.Ordinal);
        var token = await SignedIdentity.VerifyAsync(authorization["Bearer ".Length..], jwks);
        Assert.Equal("admin", token.GetClaim("tenant").Value);
        Assert.Equal("admin", token.GetClaim("scope").Value);
        Assert.True(Guid.TryParse(token.Subject, out _));
        Assert.Equal("ES256", token.Alg);
        Assert.True(headers.TryGetProperty("traceparent", out _), "the trace continues into the service");
    }

    [Fact]
    public async Task ServiceRoute_KeyInXApiKeyHeader_IsAcceptedAndStripped()
    {
        using var client = fixture.Gateway.CreateClient(key: null);
        client.DefaultRequestHeaders.Add("X-Api-Key", fixture.AdminKey);

        var response = await client.GetAsync("/api/incident/incidents", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.ReadJsonAsync();
        Assert.Equal("/incidents", echo.GetProperty("path").GetString());
        Assert.False(echo.GetProperty("headers").TryGetProperty("x-api-key", out _));
    }

    [Fact]
    public async Task UnknownRoute_WithKey_Returns404ProblemDetails_WithoutKey401()
    {
        using var withKey = fixture.Gateway.CreateClient(fixture.AdminKey);
        using var withoutKey = fixture.Gateway.CreateClient(key: null);

        var known = await withKey.GetAsync("/api/nonexistent/things", TestContext.Current.CancellationToken);
        var unknown = await withoutKey.GetAsync("/api/nonexistent/things", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, known.StatusCode);
        Assert.Equal("application/problem+json", known.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }
}
