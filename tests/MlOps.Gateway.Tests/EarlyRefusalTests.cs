using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MlOps.Gateway.Tests;

/// <summary>
/// A service that refuses a large body without reading it and closes its connection (as the services do for bodies they
/// cannot drain): the client gets the service's refusal, not a 502 from the proxy failing mid-upload.
/// </summary>
public sealed class EarlyRefusalTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Refusal = "{\"title\":\"refused unread\"}";

    [Fact]
    public async Task LargeBody_ServiceRefusesBeforeReadingAndCloses_ClientGetsTheRefusal()
    {
        await using var service = await RefusingService.StartAsync();
        await using var gateway = new GatewayFactory(service.Address, fixture.AdminKey);
        using var client = gateway.CreateClient(fixture.AdminKey);
        var statuses = new List<HttpStatusCode>();

        // Each attempt on a fresh connection to the service (the last one was closed): one lost race would show as a 502.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var body = new ByteArrayContent(new byte[12 * 1024 * 1024]) { Headers = { ContentType = new("application/json") } };
            var response = await client.PostAsync("/api/drift/v1/drift/compare", body, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Equal(Refusal, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            }
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.Equal(5, service.Refused);
    }

    [Fact]
    public async Task SmallBody_IsSentWithoutWaitingForContinue()
    {
        using var client = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await client.PostAsync("/api/drift/v1/drift/compare", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.ReadJsonAsync()).GetProperty("headers").TryGetProperty("expect", out _));
    }

    /// <summary>Answers every POST 400 at once, body unread, and ends the connection.</summary>
    private sealed class RefusingService : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _refused;

        private RefusingService(WebApplication app) => _app = app;

        public string Address => _app.Urls.First();

        public int Refused => _refused;

        public static async Task<RefusingService> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            // Past this, the server does not drain an unread body after answering: it ends the connection with the body unread.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024);
            var app = builder.Build();
            RefusingService? service = null;
            app.MapGet("/health", () => Results.Ok());
            app.MapPost("/{**path}", async (HttpContext context) =>
            {
                Interlocked.Increment(ref service!._refused);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.Headers.Connection = "close";
                await context.Response.WriteAsync(Refusal);
            });
            service = new RefusingService(app);
            await app.StartAsync();
            return service;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
