using MlOps.DevLlmProvider;
using MlOps.TestSupport;

namespace MlOps.GuardrailGateway.Tests;

/// <summary>
/// Two development providers over real HTTP, one failing every call with 503, and the guardrail-gateway routing
/// dev-chat to the failing one first (so every answer comes through fallback) and only-broken to the failing one alone;
/// the healthy one also answers Azure OpenAI's request shape, as provider "azure" for azure-chat (deployment
/// chat-deployment) and azure-embed, and as provider "azure-bad-key" (a wrong key) for azure-bad-key.
/// </summary>
public sealed class LlmFixture : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _healthy = null!;
    private Microsoft.AspNetCore.Builder.WebApplication _broken = null!;

    public const string AzureApiKey = "azure-dev-key";

    public ServiceFactory<MlOps.GuardrailGateway.Model.PolicyResponse> Service { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        (_broken, var brokenAddress) = await DevProviderApp.StartAsync(failWith: 503);
        (_healthy, var healthyAddress) = await DevProviderApp.StartAsync(azureApiKey: AzureApiKey);
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
            ["MlOps:Guardrail:Providers:2:Name"] = "azure",
            ["MlOps:Guardrail:Providers:2:Kind"] = "azure",
            ["MlOps:Guardrail:Providers:2:Endpoint"] = new Uri(healthyAddress, "/").ToString(),
            ["MlOps:Guardrail:Providers:2:ApiKey"] = AzureApiKey,
            ["MlOps:Guardrail:Providers:2:Models:0"] = "azure-chat",
            ["MlOps:Guardrail:Providers:2:Models:1"] = "azure-embed",
            ["MlOps:Guardrail:Providers:2:Deployments:azure-chat"] = "chat-deployment",
            ["MlOps:Guardrail:Providers:3:Name"] = "azure-bad-key",
            ["MlOps:Guardrail:Providers:3:Kind"] = "azure",
            ["MlOps:Guardrail:Providers:3:Endpoint"] = new Uri(healthyAddress, "/").ToString(),
            ["MlOps:Guardrail:Providers:3:ApiKey"] = "not-the-key",
            ["MlOps:Guardrail:Providers:3:Models:0"] = "azure-bad-key",
        }, virtualHost: "guardrails");
    }

    /// <summary>A virtual key's identity (llm), with the guard scopes the tests use to set policies.</summary>
    public HttpClient Client(string tenant) => Service.CreateClient().Authorize(tenant, "llm", "guard:read", "guard:policy");

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await _healthy.DisposeAsync();
        await _broken.DisposeAsync();
    }
}
