using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MlOps.Incident.Bench;

/// <summary>A webhook receiver over real HTTP: when the first notification of each incident arrived.</summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, DateTime> _first = new();

    private NotificationReceiver(WebApplication app, int port)
    {
        _app = app;
        HookUrl = new Uri($"http://127.0.0.1:{port}/hook");
    }

    public Uri HookUrl { get; }

    public static async Task<NotificationReceiver> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new NotificationReceiver(app, port);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            var at = DateTime.UtcNow;
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            if (body.GetProperty("type").GetString() == "incident.triggered")
            {
                receiver._first.TryAdd(body.GetProperty("incident").GetProperty("id").GetGuid(), at);
            }
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Arrival times of the incidents' first notifications, once all arrived or the timeout passed.</summary>
    public async Task<IReadOnlyDictionary<Guid, DateTime>> WaitForAsync(IReadOnlySet<Guid> incidents, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !incidents.All(_first.ContainsKey))
        {
            await Task.Delay(100);
        }
        return incidents.Where(_first.ContainsKey).ToDictionary(i => i, i => _first[i]);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
