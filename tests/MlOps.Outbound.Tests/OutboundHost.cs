using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Outbound.Tests;

/// <summary>A host with the service defaults (service discovery and resilience on every client) plus the safe outbound client.</summary>
public sealed class OutboundHost : IAsyncDisposable
{
    private readonly IHost _host;

    private OutboundHost(IHost host) => _host = host;

    public SafeOutboundHttp Http => _host.Services.GetRequiredService<SafeOutboundHttp>();

    public IServiceProvider Services => _host.Services;

    public static async Task<OutboundHost> StartAsync(params string[] allow) => await StartAsync(allow, []);

    public static async Task<OutboundHost> StartAsync(string[] allow, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(
            allow.Select((entry, i) => KeyValuePair.Create($"MlOps:Outbound:Allow:{i}", (string?)entry)));
        builder.AddServiceDefaults();
        builder.AddSafeOutboundHttp();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new OutboundHost(host);
    }

    public async Task<OutboundResult> PostAsync(string url, TimeSpan? timeout = null, long? maxResponseBytes = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}") };
        return await Http.SendAsync(request, TestContext.Current.CancellationToken, timeout, maxResponseBytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
