using Microsoft.AspNetCore.Http;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Outbound.Tests;

/// <summary>The answer's headers reach the caller for 2xx and error answers alike (Link, Retry-After), outside equality.</summary>
public sealed class SafeOutboundHttpHeadersTests
{
    [Theory]
    [InlineData(200, OutboundOutcome.Succeeded)]
    [InlineData(429, OutboundOutcome.HttpError)]
    public async Task SendAsync_AnswerWithHeaders_HeadersExposed(int status, OutboundOutcome outcome)
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers["Link"] = "</next>; rel=\"next\"";
            context.Response.Headers.RetryAfter = "7";
            return context.Response.WriteAsync("[]", context.RequestAborted);
        });
        await using var host = await OutboundHost.StartAsync($"127.0.0.1:{server.Port}");

        var result = await host.PostAsync($"http://127.0.0.1:{server.Port}/x");

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal("</next>; rel=\"next\"", result.Header("link"));
        Assert.Equal("7", result.Header("Retry-After"));
    }

    [Fact]
    public void Equals_SameOutcomeDifferentHeaders_Equal()
    {
        var a = OutboundResult.Failed(OutboundOutcome.HttpError, "HTTP 500", 500);
        var b = a with { Headers = new Dictionary<string, IReadOnlyList<string>> { ["X"] = ["1"] } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Null(a.Header("X"));
    }
}
