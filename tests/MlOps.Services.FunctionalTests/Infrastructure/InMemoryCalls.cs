using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Incident.Calls;

namespace MlOps.Services.FunctionalTests.Infrastructure;

/// <summary>Incident's calls to ingest, inference and the gateway go to their in-memory hosts: the real routes and tokens, no sockets.</summary>
public static class InMemoryCalls
{
    public const string GatewayAdminKey = "functional-gateway-admin-key-0001";

    public static void Route(IServiceCollection services, Func<ServicesFixture> fixture)
    {
        services.AddHttpClient(IngestClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Handler(fixture()["ingest"]));
        services.AddHttpClient(InferenceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Handler(fixture()["inference"]));
        services.AddHttpClient(GatewayClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Handler(fixture()["gateway"]));
    }

    private static HttpMessageHandler Handler(MlOps.TestSupport.IServiceUnderTest service) =>
        ((TestServer)service.Services.GetRequiredService<IServer>()).CreateHandler();
}
