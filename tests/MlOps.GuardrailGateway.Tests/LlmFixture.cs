using MlOps.DevLlmProvider;
using MlOps.TestSupport;

namespace MlOps.GuardrailGateway.Tests;

/// <summary>
/// Two development providers over real HTTP, one failing every call with 503, and the guardrail-gateway routing
/// dev-chat to the failing one first (so every answer comes through fallback) and only-broken to the failing one alone.
/// </summary>
public sealed class LlmFixture : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _healthy = null!;
    private Microsoft.AspNetCore.Builder.WebApplication _broken = null!;

    public ServiceFactory<MlOps.GuardrailGateway.Model.PolicyResponse> Service { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        (_broken, var brokenAddress) = await DevProviderApp.StartAsync(failWith: 503);
        (_healthy, var healthyAddress) = await DevProviderApp.StartAsync();
        Service = new("guardraildb", new Dictionary<string, string>
        {
            ["MlOps:Guardrail:Retries"] = "0",
            ["MlOps:Guardrail:ProviderTimeout"] = "00:00:10",
            ["MlOps:Guardrail:Providers:0:Name"] = "broken",
            ["MlOps:Guardrail:Providers:0:Endpoint"] = brokenAddress.ToString(),
            ["MlOps:Guardrail:Providers:0:Models:0"] = "dev-chat",
            ["MlOps:Guardrail:Providers:0:Models:1"] = "only-broken",
            ["MlOps:Guardrail:Providers:1:Name"] = "healthy",
            ["MlOps:Guardrail:Providers:1:Endpoint"] = healthyAddress.ToString(),
            ["MlOps:Guardrail:Providers:1:ApiKey"] = "dev-key",
            ["MlOps:Guardrail:Providers:1:Models:0"] = "dev-chat",
        }, virtualHost: "guardrails");
    }

    public HttpClient Client(string tenant)
    {
        var client = Service.CreateClient();
        client.DefaultRequestHeaders.Add("X-MlOps-Tenant", tenant);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await _healthy.DisposeAsync();
        await _broken.DisposeAsync();
    }
}
