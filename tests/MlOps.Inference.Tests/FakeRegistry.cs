using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MlOps.Inference.Tests;

/// <summary>
/// The registry's two canary endpoints over real HTTP (Kestrel on a free port): the load-test record (built on another
/// branch) and the champion alias move, answering the gate's 422 when told to. Records every call with its caller.
/// </summary>
public sealed class FakeRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Call(string Method, string Path, JsonElement Body, string Subject, string Tenant);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>When set, the champion PUT answers 422 with this detail, as the registry's gate does.</summary>
    public string? GateRefusal { get; set; }

    public Uri Url { get; }

    private FakeRegistry(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<FakeRegistry> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeRegistry? self = null;
        app.MapPost("/models/{name}/versions/{version:int}/load-tests", async (HttpContext context) =>
        {
            self!.Record(context, await JsonDocument.ParseAsync(context.Request.Body));
            return Results.Created();
        });
        app.MapPut("/models/{name}/aliases/champion", async (HttpContext context) =>
        {
            self!.Record(context, await JsonDocument.ParseAsync(context.Request.Body));
            return self.GateRefusal is { } refusal
                ? Results.Problem(statusCode: 422, title: "Promotion gate failed", detail: refusal)
                : Results.Ok(new { alias = "champion" });
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        self = new FakeRegistry(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        return self;
    }

    private void Record(HttpContext context, JsonDocument body)
    {
        // The token was signed by the tests' issuer; only its claims are read here.
        var token = context.Request.Headers.Authorization.ToString()["Bearer ".Length..];
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement;
        Calls.Enqueue(new Call(context.Request.Method, context.Request.Path.Value!, body.RootElement.Clone(), claims.GetProperty("sub").GetString()!,
            claims.GetProperty("tenant").GetString()!));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
