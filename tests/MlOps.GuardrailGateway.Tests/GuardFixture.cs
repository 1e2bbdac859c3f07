using MlOps.TestSupport;

namespace MlOps.GuardrailGateway.Tests;

/// <summary>The guardrail-gateway on its own database and the guardrails virtual host.</summary>
public sealed class GuardFixture : IAsyncLifetime
{
    public ServiceFactory<MlOps.GuardrailGateway.Model.PolicyResponse> Service { get; } = new("guardraildb", virtualHost: "guardrails");

    public HttpClient Client(string tenant)
    {
        var client = Service.CreateClient();
        client.Authorize(tenant);
        return client;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => Service.DisposeAsync();
}
