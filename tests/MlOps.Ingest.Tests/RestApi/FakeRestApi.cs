using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MlOps.Ingest.Tests.RestApi;

/// <summary>A fake REST API over real HTTP (Kestrel on 127.0.0.1, an ephemeral port) that records every request it receives.</summary>
public sealed class FakeRestApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeRestApi(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Path and query of every request, in order.</summary>
    public List<string> Urls => [.. Requests.Select(r => r.PathAndQuery)];

    public static async Task<FakeRestApi> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var api = new FakeRestApi(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            api.Requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body, DateTimeOffset.UtcNow));
            await handler(context);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        api.Port = new Uri(app.Urls.Single()).Port;
        return api;
    }

    public static Task Json(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedRequest(string Method, string PathAndQuery, Dictionary<string, string> Headers, string Body, DateTimeOffset At);
