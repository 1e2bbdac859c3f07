using Microsoft.Extensions.Options;

namespace MlOps.Incident.Calls;

public static class CallsExtensions
{
    /// <summary>Clients of platform services by service discovery, each request under incident's own identity.</summary>
    public static void AddPlatformCalls(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlatformServicesOptions>().BindConfiguration(PlatformServicesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Named clients behind singletons: steps are singletons, and the factory keeps handler lifetimes right.
        builder.Services.AddHttpClient(IngestClient.HttpClientName, (services, http) =>
            http.BaseAddress = services.GetRequiredService<IOptions<PlatformServicesOptions>>().Value.IngestUrl).AddPlatformIdentity();
        builder.Services.AddHttpClient(InferenceClient.HttpClientName, (services, http) =>
            http.BaseAddress = services.GetRequiredService<IOptions<PlatformServicesOptions>>().Value.InferenceUrl).AddPlatformIdentity();
        builder.Services.AddHttpClient(GatewayClient.HttpClientName, (services, http) =>
            http.BaseAddress = services.GetRequiredService<IOptions<PlatformServicesOptions>>().Value.GatewayUrl).AddPlatformIdentity();
        builder.Services.AddSingleton<IngestClient>();
        builder.Services.AddSingleton<InferenceClient>();
        builder.Services.AddSingleton<GatewayClient>();
    }
}
