using System.Net;

namespace MlOps.Gateway.Tests;

/// <summary>The services' body limits at the edge: an oversized body is refused by the gateway, never half-sent to a service.</summary>
public sealed class ServiceBodyLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int OverTheDefault = 1024 * 1024 + 1;

    [Fact]
    public async Task ServiceRoute_BodyOverTheServicesDefaultLimit_Returns413ProblemDetailsFromTheGateway()
    {
        using var client = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await client.PostAsync("/api/incident/incidents", Body(OverTheDefault), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The body is larger than the 1048576 bytes this route accepts.", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OipRoute_BodyOverTheLimit_Returns413InTheProtocolsErrorShape()
    {
        using var client = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await client.PostAsync("/api/inference/v2/models/m/infer", Body(OverTheDefault), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The body is larger than the 1048576 bytes this route accepts.", (await response.ReadJsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task RouteWithItsOwnLimit_BodyOverTheDefault_IsForwarded()
    {
        using var client = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await client.PostAsync("/api/drift/v1/drift/compare", Body(OverTheDefault), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/v1/drift/compare", (await response.ReadJsonAsync()).GetProperty("path").GetString());
    }

    private static ByteArrayContent Body(int bytes) => new(new byte[bytes]) { Headers = { ContentType = new("application/json") } };
}
