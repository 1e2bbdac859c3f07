using System.Net;
using System.Net.Sockets;
using MlOps.TestSupport;

namespace MlOps.Gateway.Tests;

/// <summary>
/// A service of two replicas, one of which does not answer (stopped, nothing listening), with active health checks off so
/// only the retry is seen: idempotent requests without a body reach the live replica, others are sent once.
/// </summary>
public sealed class ReplicaRetryTests
{
    private const int Requests = 10;

    [Fact]
    public async Task Requests_OneReplicaUnreachable_IdempotentOnesRetriedOnTheOtherAndPostsSentOnce()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var echo = await EchoService.StartAsync();
        var adminKey = "test-admin-" + Guid.NewGuid().ToString("N");
        await using var gateway = new GatewayFactory(echo.Address, adminKey, settings: new Dictionary<string, string>
        {
            ["services:registry:http:0"] = $"http://127.0.0.1:{UnusedPort()}",
            ["services:registry:http:1"] = echo.Address,
            // Turn about, so half the first attempts go to the unreachable replica whatever the timing.
            ["ReverseProxy:Clusters:registry:LoadBalancingPolicy"] = "RoundRobin",
            ["ReverseProxy:Clusters:registry:HealthCheck:Active:Enabled"] = "false",
        });
        using var client = gateway.CreateClient(adminKey);

        var gets = new List<HttpStatusCode>();
        var posts = new List<HttpStatusCode>();
        // Apart, not interleaved: a retry takes no turn (one replica left to choose from), so interleaved POSTs would all get the live one.
        for (var i = 0; i < Requests; i++)
        {
            gets.Add((await client.GetAsync("/api/registry/models", cancel)).StatusCode);
        }
        for (var i = 0; i < Requests; i++)
        {
            posts.Add((await client.PostAsync("/api/registry/models", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), cancel)).StatusCode);
        }

        Assert.All(gets, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Contains(gateway.Logs.Messages, m => m.Contains("sending it to another replica", StringComparison.Ordinal));
        // A POST may have been acted on before its connection broke: the caller decides whether to send it again.
        Assert.Contains(HttpStatusCode.BadGateway, posts);
        Assert.Contains(HttpStatusCode.OK, posts);
        Assert.All(posts, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadGateway, $"{status}"));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
