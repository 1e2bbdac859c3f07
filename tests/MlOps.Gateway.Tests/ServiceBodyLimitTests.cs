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
    public async Task ServiceRoute_ChunkedBodyOverTheLimit_OnKestrel_Returns413AndTheConnectionIsReused()
    {
        // Kestrel, not the test server: an unread refused body ends a real connection, and the 413 can be lost in its reset.
        await using var gateway = new GatewayFactory(fixture.Echo.Address, fixture.AdminKey);
        gateway.UseKestrel(0);
        gateway.StartServer();
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = gateway.ClientOptions.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.AdminKey);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var content = new ChunkedContent(new byte[2 * 1024 * 1024]) { Headers = { ContentType = new("application/json") } };
            Assert.Null(content.Headers.ContentLength);

            var response = await client.PostAsync("/api/trainer/runs", content, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("The body is larger than the 1048576 bytes this route accepts.", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
        }
        Assert.Equal(1, connections);
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
    public async Task OtlpTraceRoute_BodyOverItsLimit_Returns413AsAGoogleRpcStatus()
    {
        using var client = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await client.PostAsync("/api/agentops-tracer/v1/traces", Body(8 * 1024 * 1024 + 1), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var status = await response.ReadJsonAsync();
        Assert.Equal((8, "The body is larger than the 8388608 bytes this route accepts."),
            (status.GetProperty("code").GetInt32(), status.GetProperty("message").GetString()));
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

    /// <summary>A body without Content-Length, as a client streaming an upload sends it.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
