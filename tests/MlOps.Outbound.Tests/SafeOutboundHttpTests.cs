using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Outbound.Tests;

/// <summary>
/// The safe client against real local servers, in a host with the service defaults (service discovery and resilience on
/// every client by default).
/// </summary>
public sealed class SafeOutboundHttpTests
{
    [Theory]
    [InlineData("http://127.0.0.1:{port}/hook")]
    [InlineData("http://localhost:{port}/hook")]
    [InlineData("http://[::1]:{port6}/hook")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/hook")]
    [InlineData("http://2130706433:{port}/hook")]
    [InlineData("http://0x7f.1:{port}/hook")]
    public async Task SendAsync_LoopbackNotAllowListed_RefusedAndNothingReceived(string template)
    {
        await using var server = await LocalHttpServer.StartAsync(200, "ok");
        await using var host = await OutboundHost.StartAsync();

        var result = await host.PostAsync(template.Replace("{port}", $"{server.Port}").Replace("{port6}", $"{server.PortV6}"));

        Assert.Equal(OutboundResult.Failed(OutboundOutcome.Refused, OutboundResult.RefusedDestination), result);
        Assert.Equal("refused: destination not allowed", result.Error);
        Assert.Equal(0, server.Requests);
    }

    [Theory]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://172.16.5.4:8080/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://[::]/hook")]
    [InlineData("http://224.0.0.1/hook")]
    [InlineData("http://255.255.255.255/hook")]
    [InlineData("http://[::ffff:169.254.169.254]/hook")]
    [InlineData("https://10.0.0.1/hook")]
    public async Task SendAsync_InternalAddress_RefusedBeforeConnecting(string url)
    {
        // A connect attempt to these would hang or fail: only a refusal before connecting answers Refused.
        await using var host = await OutboundHost.StartAsync();

        var result = await host.PostAsync(url, timeout: TimeSpan.FromMinutes(5));

        Assert.Equal(OutboundOutcome.Refused, result.Outcome);
        Assert.Equal(OutboundResult.RefusedDestination, result.Error);
        Assert.Null(result.StatusCode);
    }

    [Fact]
    public async Task SendAsync_Traced_SpanRecordsTheOriginOnly()
    {
        await using var server = await LocalHttpServer.StartAsync(204);
        await using var host = await OutboundHost.StartAsync($"127.0.0.1:{server.Port}");
        var urls = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => urls.Enqueue(activity.GetTagItem("url.full") as string),
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        var result = await host.PostAsync($"http://127.0.0.1:{server.Port}/hooks/T000/B000/secret-token?sig=abc");

        Assert.True(result.Succeeded);
        Assert.Equal([$"http://127.0.0.1:{server.Port}/"],
            urls.Where(u => u?.Contains($":{server.Port}", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task SendAsync_Http3Requested_StillCheckedWhenConnecting()
    {
        await using var server = await LocalHttpServer.StartAsync(200, "ok");
        await using var host = await OutboundHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{server.Port}/hook")
        {
            Version = System.Net.HttpVersion.Version30,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        // QUIC would bypass the connect callback; the request is sent at most as HTTP/2, through it.
        var result = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(OutboundResult.Failed(OutboundOutcome.Refused, OutboundResult.RefusedDestination), result);
    }

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("http://user:secret@example.com/hook")]
    [InlineData("file:///etc/passwd")]
    public async Task SendAsync_NotPlainHttpUrl_Refused(string url)
    {
        await using var host = await OutboundHost.StartAsync();

        var result = await host.PostAsync(url);

        Assert.Equal(OutboundResult.Failed(OutboundOutcome.Refused, OutboundResult.RefusedUrl), result);
    }

    [Fact]
    public async Task SendAsync_AllowListedHostPort_SucceedsWithBody_OtherPortStillRefused()
    {
        await using var server = await LocalHttpServer.StartAsync(200, "hello");
        await using var other = await LocalHttpServer.StartAsync(200, "hello");
        await using var host = await OutboundHost.StartAsync($"127.0.0.1:{server.Port}");

        var allowed = await host.PostAsync($"http://127.0.0.1:{server.Port}/hook");
        var refused = await host.PostAsync($"http://127.0.0.1:{other.Port}/hook");

        Assert.Equal(OutboundOutcome.Succeeded, allowed.Outcome);
        Assert.Equal(200, allowed.StatusCode);
        Assert.Null(allowed.Error);
        Assert.Equal("hello", Encoding.UTF8.GetString(allowed.Body.Span));
        Assert.Equal(OutboundOutcome.Refused, refused.Outcome);
        Assert.Equal(1, server.Requests);
        Assert.Equal(0, other.Requests);
    }

    [Fact]
    public async Task SendAsync_AllowListedNetwork_ReachesEveryPortInIt()
    {
        await using var server = await LocalHttpServer.StartAsync(204);
        await using var host = await OutboundHost.StartAsync("127.0.0.0/8", "::1/128");

        var v4 = await host.PostAsync($"http://127.0.0.1:{server.Port}/hook");
        var v6 = await host.PostAsync($"http://[::1]:{server.PortV6}/hook");
        var byName = await host.PostAsync($"http://localhost:{server.Port}/hook");

        Assert.Equal([204, 204, 204], new[] { v4.StatusCode, v6.StatusCode, byName.StatusCode });
        Assert.True(v4.Succeeded && v6.Succeeded && byName.Succeeded);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task SendAsync_RedirectEvenToAnAllowedDestination_NotFollowed()
    {
        await using var target = await LocalHttpServer.StartAsync(200, "secret");
        await using var redirecting = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"http://127.0.0.1:{target.Port}/internal";
            return Task.CompletedTask;
        });
        await using var host = await OutboundHost.StartAsync($"127.0.0.1:{redirecting.Port}", $"127.0.0.1:{target.Port}");

        var result = await host.PostAsync($"http://127.0.0.1:{redirecting.Port}/hook");

        Assert.Equal(OutboundResult.Failed(OutboundOutcome.Redirect, "HTTP 302 (redirect not followed)", 302), result);
        Assert.Equal(1, redirecting.Requests);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task SendAsync_ServerError_OneAttemptAndGenericText()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = 500;
            context.Response.Headers["X-Internal"] = "db=10.0.0.5";
            return context.Response.WriteAsync("stack trace with secrets", context.RequestAborted);
        });
        await using var host = await OutboundHost.StartAsync($"127.0.0.1:{server.Port}");

        var result = await host.PostAsync($"http://127.0.0.1:{server.Port}/hook");

        // The standard resilience handler of the service defaults would have retried a 500.
        Assert.Equal(OutboundResult.Failed(OutboundOutcome.HttpError, "HTTP 500", 500), result);
        Assert.True(result.IsTransient);
        Assert.Equal(0, result.Body.Length);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task SendAsync_ServiceDiscoveryName_NotResolvedThroughServiceDiscovery()
    {
        await using var server = await LocalHttpServer.StartAsync(200, "internal");
        await using var host = await OutboundHost.StartAsync(
            [$"127.0.0.1:{server.Port}", "hooks-target:80"],
            new() { ["services:hooks-target:http:0"] = $"http://127.0.0.1:{server.Port}" });

        var result = await host.PostAsync("http://hooks-target/hook");

        // Service discovery would have sent it to the (allow-listed) server; DNS knows no such name.
        Assert.Equal(OutboundResult.Failed(OutboundOutcome.ConnectionFailed, OutboundResult.ConnectionFailedText), result);
        Assert.Equal(0, server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendAsync_AnswerLongerThanLimit_TooLarge(bool contentLength)
    {
        var body = new string('x', 5000);
        await using var server = await LocalHttpServer.StartAsync(async context =>
        {
            if (contentLength)
            {
                context.Response.ContentLength = body.Length;
            }
            await context.Response.WriteAsync(body, context.RequestAborted);
        });
        await using var host = await OutboundHost.StartAsync($"127.0.0.1:{server.Port}");

        var over = await host.PostAsync($"http://127.0.0.1:{server.Port}/hook", maxResponseBytes: 4999);
        var exact = await host.PostAsync($"http://127.0.0.1:{server.Port}/hook", maxResponseBytes: 5000);
        var statusOnly = await host.PostAsync($"http://127.0.0.1:{server.Port}/hook", maxResponseBytes: 0);

        Assert.Equal(OutboundResult.Failed(OutboundOutcome.TooLarge, "answer too large", 200), over);
        Assert.Equal(OutboundOutcome.Succeeded, exact.Outcome);
        Assert.Equal(body, Encoding.UTF8.GetString(exact.Body.Span));
        Assert.Equal(OutboundOutcome.Succeeded, statusOnly.Outcome);
        Assert.Equal(0, statusOnly.Body.Length);
    }

    [Fact]
    public async Task SendAsync_NoAnswerWithinTimeout_Timeout()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hookArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hookRequests = 0;
        await using var server = await LocalHttpServer.StartAsync(async context =>
        {
            if (context.Request.Path != "/hook")
            {
                return;
            }

            Interlocked.Increment(ref hookRequests);
            hookArrived.TrySetResult();
            await release.Task.WaitAsync(context.RequestAborted);
        });
        await using var host = await OutboundHost.StartAsync($"127.0.0.1:{server.Port}");
        // Warm the client and server first, so the short budget below is spent waiting for an answer, not on JIT or connecting.
        Assert.Equal(OutboundOutcome.Succeeded, (await host.PostAsync($"http://127.0.0.1:{server.Port}/warm")).Outcome);

        var result = await host.PostAsync($"http://127.0.0.1:{server.Port}/hook", timeout: TimeSpan.FromMilliseconds(500));
        await hookArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        release.SetResult();

        Assert.Equal(OutboundResult.Failed(OutboundOutcome.Timeout, "timeout"), result);
        Assert.True(result.IsTransient);
        Assert.Equal(1, Volatile.Read(ref hookRequests));
    }

    [Fact]
    public async Task Start_InvalidAllowEntry_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => OutboundHost.StartAsync("127.0.0.1/8"));

        Assert.Contains("MlOps:Outbound:Allow:0 '127.0.0.1/8' is neither host:port", error.Message, StringComparison.Ordinal);
    }
}
