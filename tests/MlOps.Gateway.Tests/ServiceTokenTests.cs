using System.Net;

namespace MlOps.Gateway.Tests;

/// <summary>The token endpoint services trade their credential at: client credentials, the service's fixed scopes, one tenant.</summary>
public sealed class ServiceTokenTests
{
    private const string TrainerSecret = "trainer-credential-for-tests-0001";

    [Fact]
    public async Task ServiceToken_RightCredential_SignedForTheTenantWithTheServiceScopes_WrongOnes401()
    {
        await using var echo = await EchoService.StartAsync();
        await using var gateway = new GatewayFactory(echo.Address, "service-token-admin-0001",
            settings: new Dictionary<string, string> { ["MlOps:Gateway:Identity:Services:trainer"] = TrainerSecret });
        using var client = gateway.CreateClient(key: null);

        var issued = await client.PostAsync("/identity/token", Form("trainer", TrainerSecret, "acme"), TestContext.Current.CancellationToken);
        var wrongSecret = await client.PostAsync("/identity/token", Form("trainer", "guess", "acme"), TestContext.Current.CancellationToken);
        var unknownService = await client.PostAsync("/identity/token", Form("registry", TrainerSecret, "acme"), TestContext.Current.CancellationToken);
        var badTenant = await client.PostAsync("/identity/token", Form("trainer", TrainerSecret, "no spaces allowed"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var body = await issued.ReadJsonAsync();
        var token = await SignedIdentity.VerifyAsync(body.GetProperty("access_token").GetString()!,
            await client.GetStringAsync("/.well-known/jwks.json", TestContext.Current.CancellationToken));
        Assert.Equal("service:trainer", token.Subject);
        Assert.Equal("acme", token.GetClaim("tenant").Value);
        Assert.Equal("registry:read registry:write registry:promote features:read", token.GetClaim("scope").Value);
        Assert.Equal(300, body.GetProperty("expires_in").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal("invalid_client", (await wrongSecret.ReadJsonAsync()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unknownService.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTenant.StatusCode);
    }

    private static FormUrlEncodedContent Form(string service, string secret, string tenant) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = service,
        ["client_secret"] = secret,
        ["tenant"] = tenant,
    });
}
