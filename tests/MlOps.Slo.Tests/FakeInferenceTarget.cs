using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MlOps.ServiceDefaults.Metrics;

namespace MlOps.Slo.Tests;

/// <summary>
/// A scrape target exposing inference's request counter (the series objectives read) for one tenant's model over real HTTP,
/// behind the metrics credential as the services are. Traffic is steady; the test turns server errors on and off.
/// </summary>
public sealed class FakeInferenceTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Timer _traffic;
    private long _ok;
    private long _errors;
    private volatile bool _failing;

    private FakeInferenceTarget(WebApplication app, string tenant, string model)
    {
        _app = app;
        Tenant = tenant;
        Model = model;
        // 20 requests every 100 ms; while failing, as many more fail on the server.
        _traffic = new Timer(_ =>
        {
            Interlocked.Add(ref _ok, 20);
            if (_failing)
            {
                Interlocked.Add(ref _errors, 20);
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public string Tenant { get; }
    public string Model { get; }
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Scrapes that came without the credential (and were refused).</summary>
    public int Refused { get; private set; }

    public void Fail(bool failing) => _failing = failing;

    public static async Task<FakeInferenceTarget> StartAsync(string tenant, string model, string credential)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var target = new FakeInferenceTarget(app, tenant, model);
        app.MapGet("/metrics", (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization != $"Bearer {credential}")
            {
                target.Refused++;
                return Results.Unauthorized();
            }
            return Results.Text(target.Exposition(), "text/plain; version=0.0.4");
        });
        await app.StartAsync();
        return target;
    }

    private string Exposition()
    {
        var labels = $"tenant=\"{Tenant}\",model=\"{Model}\",alias=\"champion\"";
        var ok = Interlocked.Read(ref _ok).ToString(CultureInfo.InvariantCulture);
        var errors = Interlocked.Read(ref _errors).ToString(CultureInfo.InvariantCulture);
        var series = SloMetrics.InferenceRequestsSeries;
        return $$"""
            # TYPE {{series}} counter
            {{series}}{{{labels}},outcome="{{SloMetrics.Ok}}"} {{ok}}
            {{series}}{{{labels}},outcome="{{SloMetrics.ServerError}}"} {{errors}}

            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _traffic.DisposeAsync();
        await _app.DisposeAsync();
    }
}
