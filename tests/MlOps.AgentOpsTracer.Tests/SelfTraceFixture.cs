using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.AgentOpsTracer.Model;
using MlOps.DevLlmProvider;
using MlOps.TestSupport;
using OpenTelemetry.Trace;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>
/// The platform tracing itself: the tracer listening on a real port, guardrail-gateway in front of the development provider
/// exporting its GenAI spans there (MlOps:TraceExport) under its service identity, and the tracer itself configured with an
/// export address (a capture server) that it must never use.
/// </summary>
public sealed class SelfTraceFixture : IAsyncLifetime
{
    /// <summary>dev-chat's price at the tracer, per million tokens.</summary>
    public const decimal InputPrice = 2m;
    public const decimal OutputPrice = 8m;

    private Microsoft.AspNetCore.Builder.WebApplication _provider = null!;

    public ServiceFactory<SessionResponse> Tracer { get; private set; } = null!;

    public ServiceFactory<MlOps.GuardrailGateway.Model.PolicyResponse> Guardrails { get; private set; } = null!;

    /// <summary>Stands where the tracer's own export would go, counting what arrives.</summary>
    public OtlpCapture Capture { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Capture.StartAsync();
        Tracer = new ServiceFactory<SessionResponse>("tracerdb", new Dictionary<string, string>
        {
            ["MlOps:Tracer:Prices:dev-chat:Input"] = "2",
            ["MlOps:Tracer:Prices:dev-chat:Output"] = "8",
            ["MlOps:Tracer:Retention:Enabled"] = "false",
            ["MlOps:TraceExport:Endpoint"] = Capture.Address.ToString(),
            ["MlOps:TraceExport:ScheduledDelay"] = "00:00:00.050",
        });
        Tracer.UseKestrel(0);
        Tracer.StartServer();
        var tracerAddress = Tracer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        (_provider, var providerAddress) = await DevProviderApp.StartAsync();
        Guardrails = new("guardraildb", new Dictionary<string, string>
        {
            ["MlOps:Guardrail:Providers:0:Name"] = "development",
            ["MlOps:Guardrail:Providers:0:Endpoint"] = providerAddress.ToString(),
            ["MlOps:Identity:ServiceName"] = "guardrail-gateway",
            ["MlOps:TraceExport:Endpoint"] = tracerAddress,
        }, virtualHost: "guardrails");
        Guardrails.CreateClient().Dispose();
    }

    /// <summary>Sends every span guardrail-gateway has ended to the tracer now, instead of at the next scheduled export.</summary>
    public void FlushGuardrails() => Assert.True(Guardrails.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000));

    public void FlushTracer() => Assert.True(Tracer.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000));

    public async ValueTask DisposeAsync()
    {
        await Guardrails.DisposeAsync();
        await _provider.DisposeAsync();
        await Tracer.DisposeAsync();
        await Capture.DisposeAsync();
    }
}
