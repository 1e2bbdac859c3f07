using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MlOps.Outbound.Tests;

/// <summary>A real HTTP server on 127.0.0.1 and [::1] (ephemeral ports) answering with the given handler, counting requests.</summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LocalHttpServer(WebApplication app) => _app = app;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The port it listens on over IPv4 (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>The port it listens on over IPv6 (::1).</summary>
    public int PortV6 { get; private set; }

    public static async Task<LocalHttpServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0", "http://[::1]:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new LocalHttpServer(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref server._requests);
            return handler(context);
        });
        await app.StartAsync();
        var addresses = app.Urls.Select(a => new Uri(a)).ToList();
        server.Port = addresses.Single(a => a.Host == "127.0.0.1").Port;
        server.PortV6 = addresses.Single(a => a.Host == "[::1]").Port;
        return server;
    }

    public static Task<LocalHttpServer> StartAsync(int status, string body = "") =>
        StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(body, context.RequestAborted);
        });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
