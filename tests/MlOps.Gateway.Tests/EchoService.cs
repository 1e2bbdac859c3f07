using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MlOps.Gateway.Tests;

/// <summary>A real HTTP server standing in for a downstream service: it answers with the path and headers it received.</summary>
public sealed class EchoService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoService(WebApplication app) => _app = app;

    public string Address => _app.Urls.First();

    public static async Task<EchoService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Map("/{**path}", (HttpRequest request) => Results.Json(new
        {
            path = request.Path.Value,
            headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
        }));
        await app.StartAsync();
        return new EchoService(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
