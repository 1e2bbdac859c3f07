using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Incident.Calls;

namespace MlOps.Services.FunctionalTests.Infrastructure;

/// <summary>Incident's calls to ingest and inference go to their in-memory hosts: the real routes and tokens, no sockets.</summary>
public static class InMemoryCalls
{
    public static void Route(IServiceCollection services, Func<ServicesFixture> fixture)
    {
        services.AddHttpClient(IngestClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Handler(fixture()["ingest"]));
        services.AddHttpClient(InferenceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Handler(fixture()["inference"]));
    }

    private static HttpMessageHandler Handler(MlOps.TestSupport.IServiceUnderTest service) =>
        ((TestServer)service.Services.GetRequiredService<IServer>()).CreateHandler();
}
